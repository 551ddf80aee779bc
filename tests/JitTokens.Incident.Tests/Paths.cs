using System.Reflection;

namespace JitTokens.Incident.Tests;

/// <summary>The repository and the programs built with these tests (same configuration).</summary>
internal static class Paths
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
        typeof(Paths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string ServerDll => Built(Path.Combine("src", "JitTokens.Server"), "JitTokens.Server.dll");

    public static string JitDll => Built(Path.Combine("src", "JitTokens.Cli"), "jit.dll");

    public static string VolumesDll => Built(Path.Combine("samples", "JitTokens.Samples.Volumes"), "JitTokens.Samples.Volumes.dll");

    public static string Catalog => Path.Combine(Root, "scopes");

    public static string AgentScript => Path.Combine(AppContext.BaseDirectory, "agent.sh");

    private static string Built(string project, string file)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build the tests with -c {Configuration}", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "JitTokens.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no JitTokens.sln above {AppContext.BaseDirectory}");
    }
}
