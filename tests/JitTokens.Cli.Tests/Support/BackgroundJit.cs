namespace JitTokens.Cli.Tests.Support;

/// <summary>An in-process jit run left going (e.g. <c>jit token --wait</c>) while the test acts as someone else.</summary>
public sealed class BackgroundJit : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly Task<int> _exit;

    private BackgroundJit(JitShell shell, string[] args, CancellationToken cancellationToken)
        => _exit = Task.Run(() => JitCli.RunAsync(args, Stdout, Stderr, name => shell.Environment.GetValueOrDefault(name), cancellationToken), cancellationToken);

    public WatchedWriter Stdout { get; } = new();

    public WatchedWriter Stderr { get; } = new();

    public static BackgroundJit Start(JitShell shell, CancellationToken cancellationToken, params string[] args) => new(shell, args, cancellationToken);

    /// <summary>Waits for jit to exit (bounded) and returns what it left behind.</summary>
    public async Task<CliResult> CompletedAsync()
    {
        var exitCode = await _exit.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, Stdout.ToString(), Stderr.ToString());
    }

    public void Dispose()
    {
        Stdout.Dispose();
        Stderr.Dispose();
    }
}
