namespace JitTokens.Cli.Tests.Support;

/// <summary>
/// A pretend shell for in-process runs of <see cref="JitCli.RunAsync(string[], TextWriter, TextWriter, Func{string, string?}, CancellationToken)"/>: its environment is a
/// dictionary, and <see cref="EvalAsync"/> applies export lines as <c>eval "$(jit …)"</c> would.
/// </summary>
public sealed class JitShell
{
    public JitShell(Uri issuer) => Environment[EnvironmentVariables.Url] = issuer.ToString();

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public string? this[string name] => Environment.GetValueOrDefault(name);

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await JitCli.RunAsync(args, stdout, stderr, name => Environment.GetValueOrDefault(name), TestContext.Current.CancellationToken);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary><c>eval "$(jit args…)"</c>: runs, requires exit 0, exports what it printed.</summary>
    public async Task<CliResult> EvalAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var (name, value) in result.Exports)
        {
            Environment[name] = value;
        }

        return result;
    }

    /// <summary>A logged-in human with a session for agent <c>demo</c> in <paramref name="environment"/>.</summary>
    public static async Task<JitShell> WithSessionAsync(Uri issuer, string user = "alice", string environment = "staging", params string[] scopes)
    {
        var shell = new JitShell(issuer);
        await shell.EvalAsync("login", "--dev", user);
        string[] args = ["session", "start", "--agent", "demo", "--env", environment, "--purpose", "run the CLI tests", .. scopes.SelectMany(s => new[] { "--scope", s })];
        await shell.EvalAsync(args);
        return shell;
    }
}
