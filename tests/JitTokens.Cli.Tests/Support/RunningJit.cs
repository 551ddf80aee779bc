using System.Diagnostics;
using JitTokens.Cli.Run;

namespace JitTokens.Cli.Tests.Support;

/// <summary>
/// The real built <c>jit</c> as a child process left running, for <c>jit run</c> tests that must
/// signal it: its output is watched line by line as it comes, so a test waits for what it needs
/// instead of sleeping. Killed with its process tree on dispose if it is still running.
/// </summary>
public sealed class RunningJit : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly Process _process;

    private RunningJit(Process process) => _process = process;

    public WatchedWriter Stdout { get; } = new();

    public WatchedWriter Stderr { get; } = new();

    /// <summary>
    /// Starts <c>dotnet jit.dll args…</c> with SIGINT at its default action (a test host started in
    /// the background by a non-interactive shell ignores SIGINT, and an ignored signal is inherited
    /// and cannot be caught) and stdin a pipe, not a terminal, as in CI.
    /// </summary>
    /// <param name="environment">Set on top of this process's environment, from which every JIT_* variable is removed first.</param>
    /// <param name="args">jit's arguments.</param>
    public static RunningJit Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("env")
        {
            ArgumentList = { "--default-signal=INT", "dotnet", RepositoryPaths.JitDll },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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

        var process = Process.Start(start) ?? throw new InvalidOperationException("env did not start");
        var jit = new RunningJit(process);
        process.OutputDataReceived += (_, e) => Append(jit.Stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(jit.Stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return jit;
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. 15 for SIGTERM) to jit only, not to its command.</summary>
    public void Signal(int signal) => Assert.True(Libc.Signal(_process.Id, signal), $"jit ({_process.Id}) was not running to receive signal {signal}");

    /// <summary>Waits for jit to exit (bounded) and returns what it wrote.</summary>
    public async Task<CliResult> CompletedAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        await _process.WaitForExitAsync(timeout.Token);
        return new CliResult(_process.ExitCode, Stdout.ToString(), Stderr.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
        Stdout.Dispose();
        Stderr.Dispose();
    }

    private static void Append(WatchedWriter writer, string? line)
    {
        // Null marks the end of the stream.
        if (line is not null)
        {
            writer.Write(line + "\n");
        }
    }
}
