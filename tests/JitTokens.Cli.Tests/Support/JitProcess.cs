using System.Diagnostics;

namespace JitTokens.Cli.Tests.Support;

/// <summary>Runs the real built <c>jit</c> (<c>dotnet jit.dll …</c>) as a child process.</summary>
public static class JitProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <param name="environment">Set on top of this process's environment, from which every JIT_* variable is removed first.</param>
    /// <param name="workingDirectory">The child's working directory; null for this process's.</param>
    /// <param name="args">jit's arguments.</param>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, string? workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.JitDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("JIT_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
