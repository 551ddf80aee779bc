using System.Reflection;

namespace JitTokens.Cli.Tests.Support;

/// <summary>Where the repository and the built server and CLI are, from the test binary's location.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding JitTokens.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built with (Debug or Release); the server and CLI were built with it too.</summary>
    public static string Configuration { get; } =
        typeof(RepositoryPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string ServerDll => Built("JitTokens.Server", "JitTokens.Server.dll");

    public static string JitDll => Built("JitTokens.Cli", "jit.dll");

    public static string Catalog => Path.Combine(Root, "scopes");

    private static string Built(string project, string file)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", file);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing: build the tests (their csproj references {project}) with -c {Configuration}", path);
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
