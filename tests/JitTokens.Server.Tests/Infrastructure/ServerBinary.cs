namespace JitTokens.Server.Tests.Infrastructure;

/// <summary>Runs the built server as its own process, as an operator would.</summary>
internal static class ServerBinary
{
    /// <summary>The server assembly built next to these tests (same configuration).</summary>
    public static string Path => typeof(Program).Assembly.Location;

    public static Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(IDictionary<string, string?> environment, params string[] arguments)
    {
        var clean = new Dictionary<string, string?>(environment)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["JitTokens__Audit__FilePath"] = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "jit-startup-" + Guid.NewGuid().ToString("N"), "audit.ndjson"),
        };
        return ProcessRunner.RunAsync("dotnet", [Path, .. arguments], TimeSpan.FromSeconds(60), clean);
    }
}
