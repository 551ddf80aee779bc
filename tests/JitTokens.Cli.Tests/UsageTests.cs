using JitTokens.Cli.Tests.Support;

namespace JitTokens.Cli.Tests;

/// <summary>Failures jit detects itself, before or instead of asking an issuer: no server needed.</summary>
public sealed class UsageTests
{
    private const string Purpose = "read orders for OPS-17";
    private static readonly Uri Nowhere = new($"http://127.0.0.1:{FreePort.Next()}");

    public static TheoryData<string[]> Unparseable => new()
    {
        Array.Empty<string>(),
        new[] { "frobnicate" },
        new[] { "session" },
        new[] { "login" },
        new[] { "token", "--scope", "db:read", "--env", "staging" },
        new[] { "token", "--env", "staging", "--purpose", Purpose },
        new[] { "token", "--scope", "db:read", "--env", "staging", "--purpose", Purpose, "--wait", "--dry-run" },
        new[] { "token", "--escalation", "esc_1", "--scope", "db:read" },
        new[] { "token", "--escalation", "esc_1", "--dry-run" },
        new[] { "session", "start", "--env", "staging", "--purpose", Purpose },
        new[] { "approve" },
        new[] { "deny", "esc_1", "esc_2" },
        new[] { "escalations", "--limit", "0" },
        new[] { "escalations", "--limit", "many" },
        new[] { "audit", "--follow", "--verify" },
        new[] { "audit", "--export", "--follow" },
        new[] { "audit", "--verify", "--type", "token.issued" },
        new[] { "audit", "--verify", "--limit", "5" },
        new[] { "audit", "--export", "--limit", "5" },
        new[] { "audit", "--export", "--json" },
        new[] { "audit", "--follow", "--limit", "5" },
        new[] { "audit", "--type", "token.issue" },
        new[] { "audit", "--since", "yesterday" },
        new[] { "audit", "--since", "2026-11-22T09:00:00" },
        new[] { "audit", "--until", "0m" },
        new[] { "audit", "--limit", "1001" },
        new[] { "audit", "verify", "--file", "audit.ndjson" },
        new[] { "audit", "verify", "--jwks", "jwks.json" },
        new[] { "run", "--agent", "demo", "--env", "staging", "--purpose", Purpose },
        new[] { "run", "--agent", "demo", "--env", "staging", "--purpose", Purpose, "--" },
        new[] { "run", "--env", "staging", "--purpose", Purpose, "--", "true" },
        new[] { "run", "--agent", "demo", "--env", "staging", "--purpose", Purpose, "--ttl", "5", "--", "true" },
        new[] { "revoke" },
        new[] { "revoke", "tok_1", "tok_2" },
    };

    [Theory]
    [MemberData(nameof(Unparseable))]
    public async Task ParseError_ExitsTwoWithOneUsageLine(string[] args)
    {
        var shell = new JitShell(Nowhere);

        var result = await shell.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.StartsWith("jit: usage: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_MissingOption_NamesTheOption()
    {
        var shell = new JitShell(Nowhere);
        shell.Environment[EnvironmentVariables.SessionToken] = "jits_" + new string('A', 43);

        var result = await shell.RunAsync("token", "--scope", "db:read", "--env", "staging");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--purpose", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("5x")]
    [InlineData("0m")]
    [InlineData("-5m")]
    [InlineData("1.5h")]
    [InlineData("5 m")]
    [InlineData("9999h")]
    public async Task Token_BadDuration_ExitsTwoNamingTheFormat(string ttl)
    {
        var shell = new JitShell(Nowhere);
        shell.Environment[EnvironmentVariables.SessionToken] = "jits_" + new string('A', 43);

        var result = await shell.RunAsync("token", "--scope", "db:read", "--env", "staging", "--purpose", Purpose, "--ttl", ttl);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("<n>s, <n>m or <n>h", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4s", "out of range: use 5s to 1h")]
    [InlineData("61m", "out of range: use 5s to 1h")]
    [InlineData("3601s", "out of range: use 5s to 1h")]
    [InlineData("30", "<n>s, <n>m or <n>h")]
    [InlineData("soon", "<n>s, <n>m or <n>h")]
    public async Task Run_BadHeartbeat_ExitsTwoRunningNothing(string heartbeat, string why)
    {
        var shell = new JitShell(Nowhere);
        shell.Environment[EnvironmentVariables.HumanToken] = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln";

        var result = await shell.RunAsync("run", "--agent", "demo", "--env", "staging", "--purpose", Purpose, "--heartbeat", heartbeat, "--", "echo", "ran");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith($"jit: usage: --heartbeat '{heartbeat}'", line, StringComparison.Ordinal);
        Assert.Contains(why, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_WithoutSessionToken_ExitsTwoAndSaysHowToStartOne()
    {
        var shell = new JitShell(Nowhere);

        var result = await shell.RunAsync("token", "--scope", "db:read", "--env", "staging", "--purpose", Purpose);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("jit: usage: JIT_SESSION_TOKEN is not set", line, StringComparison.Ordinal);
        Assert.Contains("jit session start", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_BlankSessionToken_CountsAsMissing()
    {
        var shell = new JitShell(Nowhere);
        shell.Environment[EnvironmentVariables.SessionToken] = "  ";

        var result = await shell.RunAsync("token", "--scope", "db:read", "--env", "staging", "--purpose", Purpose);

        Assert.Equal(2, result.ExitCode);
    }

    [Theory]
    [InlineData("make", "deploy", "--env", "production")]
    [InlineData("stray", "--", "true")]
    public async Task Run_CommandNotAfterDoubleDash_ExitsTwoBeforeAskingAnything(params string[] words)
    {
        var shell = new JitShell(Nowhere);
        shell.Environment[EnvironmentVariables.HumanToken] = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln";

        var result = await shell.RunAsync(["run", "--agent", "demo", "--env", "staging", "--purpose", Purpose, .. words]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("jit: usage: put the command after --", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithoutHumanToken_ExitsTwoAndSaysHowToLogIn()
    {
        var shell = new JitShell(Nowhere);

        var result = await shell.RunAsync("run", "--agent", "demo", "--env", "staging", "--purpose", Purpose, "--", "true");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("jit: usage: JIT_HUMAN_TOKEN is not set", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunHelp_DocumentsTheExitCodeWhenTheSessionCannotBeEnded()
    {
        var shell = new JitShell(Nowhere);

        var result = await shell.RunAsync("run", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("or 5 (unavailable) when that was 0", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionEnd_WithoutSessionTokenOrId_ExitsTwo()
    {
        var shell = new JitShell(Nowhere);

        var result = await shell.RunAsync("session", "end");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("jit: usage: JIT_SESSION_TOKEN is not set", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_UnreachableIssuer_ExitsFiveWithOneLine()
    {
        var shell = new JitShell(Nowhere);
        shell.Environment[EnvironmentVariables.SessionToken] = "jits_" + new string('A', 43);

        var result = await shell.RunAsync("token", "--scope", "db:read", "--env", "staging", "--purpose", Purpose);

        Assert.Equal(5, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("jit: unavailable: cannot reach the issuer at " + Nowhere, line, StringComparison.Ordinal);
        Assert.DoesNotContain("jits_", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttpToAnotherHost_WarnsBeforeSendingCredentials()
    {
        var shell = new JitShell(new Uri("http://jit.invalid:5080"));
        shell.Environment[EnvironmentVariables.SessionToken] = "jits_" + new string('A', 43);

        var result = await shell.RunAsync("token", "--scope", "db:read", "--env", "staging", "--purpose", Purpose);

        Assert.Equal(5, result.ExitCode);
        Assert.StartsWith("jit: warning: http://jit.invalid:5080 is plain http", result.StderrLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttpToLoopback_DoesNotWarn()
    {
        var shell = new JitShell(Nowhere);
        shell.Environment[EnvironmentVariables.SessionToken] = "jits_" + new string('A', 43);

        var result = await shell.RunAsync("token", "--scope", "db:read", "--env", "staging", "--purpose", Purpose);

        Assert.DoesNotContain("warning", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_UrlOptionWinsOverEnvironment()
    {
        var shell = new JitShell(new Uri("http://does-not-matter.invalid"));

        var result = await shell.RunAsync("login", "--dev", "alice", "--url", Nowhere.ToString());

        Assert.Equal(5, result.ExitCode);
        Assert.Contains(Nowhere.ToString(), result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("/relative")]
    public async Task Login_BadUrl_ExitsTwo(string url)
    {
        var shell = new JitShell(Nowhere);

        var result = await shell.RunAsync("login", "--dev", "alice", "--url", url);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("jit: usage: the issuer URL", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ExitsZeroAndListsTheCommands()
    {
        var shell = new JitShell(Nowhere);

        var result = await shell.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("login", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("session", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("token", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("escalations", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("approve", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("deny", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("run", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("revoke", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubcommandHelp_ExitsZeroEvenWithoutRequiredOptions()
    {
        var shell = new JitShell(Nowhere);

        var result = await shell.RunAsync("token", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--dry-run", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--wait", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--escalation", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelled_ExitsWithInterruptCodeAndOneLine()
    {
        var shell = new JitShell(Nowhere);
        shell.Environment[EnvironmentVariables.SessionToken] = "jits_" + new string('A', 43);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = await JitCli.RunAsync(["token", "--scope", "db:read", "--env", "staging", "--purpose", Purpose], stdout, stderr, shell.Environment.GetValueOrDefault, new CancellationToken(canceled: true));

        Assert.Equal(130, exitCode);
        Assert.Equal("jit: cancelled: interrupted; nothing more was sent", stderr.ToString().TrimEnd());
    }
}
