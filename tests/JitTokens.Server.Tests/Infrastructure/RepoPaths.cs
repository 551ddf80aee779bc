namespace JitTokens.Server.Tests.Infrastructure;

/// <summary>Finds the repository from the test binaries, so tests use the real catalog and built server.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Scopes => Path.Combine(Root, "scopes");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "JitTokens.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("JitTokens.sln not found above " + AppContext.BaseDirectory);
    }
}
