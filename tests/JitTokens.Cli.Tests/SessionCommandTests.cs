using System.Text.Json;
using JitTokens.Abstractions.Json;
using JitTokens.Cli.Tests.Support;

namespace JitTokens.Cli.Tests;

public sealed class SessionCommandTests(DevServerFixture fixture) : IClassFixture<DevServerFixture>
{
    [Fact]
    public async Task SessionStart_PrintsTwoExportLinesAndSummaryOnStderr()
    {
        var shell = new JitShell(fixture.Url);
        await shell.EvalAsync("login", "--dev", "alice");

        var result = await shell.RunAsync("session", "start", "--agent", "cursor-42", "--env", "staging", "--env", "production",
            "--scope", "db:read", "--scope", "db:write", "--ttl", "2h", "--purpose", "fix flaky checkout test");

        Assert.Equal(0, result.ExitCode);
        Assert.Collection(result.StdoutLines,
            l => Assert.Matches("^export JIT_SESSION_TOKEN=jits_[A-Za-z0-9_-]{43}$", l),
            l => Assert.Matches("^export JIT_SESSION_ID=ses_[A-Za-z0-9_-]+$", l));
        Assert.Contains("cursor-42", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("staging, production", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("db:read, db:write", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("expires:", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Exports[EnvironmentVariables.SessionToken], result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionStart_TtlIsSentInSeconds()
    {
        var shell = new JitShell(fixture.Url);
        await shell.EvalAsync("login", "--dev", "alice");
        await shell.EvalAsync("session", "start", "--agent", "demo", "--env", "staging", "--ttl", "90m", "--purpose", "check the session ttl");

        var shown = await shell.RunAsync("session", "show", "--json");

        var view = JsonSerializer.Deserialize(shown.Stdout, JitJsonContext.Default.SessionView)!;
        Assert.Equal(TimeSpan.FromMinutes(90), view.ExpiresAt - view.CreatedAt);
    }

    [Fact]
    public async Task SessionStart_WithoutHumanToken_ExitsTwoAndSaysHowToLogIn()
    {
        var shell = new JitShell(fixture.Url);

        var result = await shell.RunAsync("session", "start", "--agent", "demo", "--env", "staging", "--purpose", "no human token here");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("jit: usage: JIT_HUMAN_TOKEN is not set", line, StringComparison.Ordinal);
        Assert.Contains("jit login --dev", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionStart_UnknownEnvironment_ExitsTwo()
    {
        var shell = new JitShell(fixture.Url);
        await shell.EvalAsync("login", "--dev", "alice");

        var result = await shell.RunAsync("session", "start", "--agent", "demo", "--env", "qa", "--purpose", "an environment nobody has");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("jit: invalid_request: unknown environment 'qa'", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionStart_UnknownScope_ExitsThree()
    {
        var shell = new JitShell(fixture.Url);
        await shell.EvalAsync("login", "--dev", "alice");

        var result = await shell.RunAsync("session", "start", "--agent", "demo", "--env", "staging", "--scope", "db:drop", "--purpose", "a scope nobody has");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("jit: invalid_scope: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionStart_TtlAboveSessionMaximum_ExitsThree()
    {
        var shell = new JitShell(fixture.Url);
        await shell.EvalAsync("login", "--dev", "alice");

        var result = await shell.RunAsync("session", "start", "--agent", "demo", "--env", "staging", "--ttl", "13h", "--purpose", "a very long session");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("jit: ttl_too_long: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionShow_PrintsReadableSummaryOnStdout()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url, scopes: ["db:read"]);

        var result = await shell.RunAsync("session", "show");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("session:      " + shell[EnvironmentVariables.SessionId], result.StdoutLines);
        Assert.Contains("agent:        demo", result.StdoutLines);
        Assert.Contains("owner:        alice", result.StdoutLines);
        Assert.Contains("environments: staging", result.StdoutLines);
        Assert.Contains("scopes:       db:read", result.StdoutLines);
        Assert.Contains("state:        active", result.StdoutLines);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task SessionShow_Json_PrintsTheSessionViewWithoutItsToken()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url);

        var result = await shell.RunAsync("session", "show", "--json");

        Assert.Equal(0, result.ExitCode);
        var view = JsonSerializer.Deserialize(result.Stdout, JitJsonContext.Default.SessionView)!;
        Assert.Equal(shell[EnvironmentVariables.SessionId], view.SessionId);
        Assert.True(view.Active);
        Assert.DoesNotContain(shell[EnvironmentVariables.SessionToken]!, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionShow_WithoutSessionToken_ExitsTwo()
    {
        var shell = new JitShell(fixture.Url);

        var result = await shell.RunAsync("session", "show");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("jit: usage: JIT_SESSION_TOKEN is not set", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionEnd_EndsTheSessionOnceAndIsIdempotent()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url);

        var first = await shell.RunAsync("session", "end");
        var second = await shell.RunAsync("session", "end");
        var show = await shell.RunAsync("session", "show");

        Assert.Equal(0, first.ExitCode);
        Assert.Empty(first.Stdout);
        Assert.Equal($"jit: session {shell[EnvironmentVariables.SessionId]} ended; its tokens are revoked and its pending escalations cancelled", Assert.Single(first.StderrLines));
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(4, show.ExitCode);
        Assert.StartsWith("jit: invalid_session: ", Assert.Single(show.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionEnd_ByIdAsOwner_EndsTheAgentsSession()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url);
        var human = new JitShell(fixture.Url);
        human.Environment[EnvironmentVariables.HumanToken] = shell[EnvironmentVariables.HumanToken]!;

        var result = await human.RunAsync("session", "end", "--id", shell[EnvironmentVariables.SessionId]!);

        Assert.Equal(0, result.ExitCode);
        Assert.Single(result.StderrLines);
        Assert.Equal(4, (await shell.RunAsync("session", "show")).ExitCode);
    }

    [Fact]
    public async Task SessionEnd_ByIdAsSomeoneElse_ExitsThreeAndLeavesTheSession()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url);
        var mallory = new JitShell(fixture.Url);
        await mallory.EvalAsync("login", "--dev", "mallory");

        var result = await mallory.RunAsync("session", "end", "--id", shell[EnvironmentVariables.SessionId]!);

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("jit: access_denied: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
        Assert.Equal(0, (await shell.RunAsync("session", "show")).ExitCode);
    }

    [Fact]
    public async Task SessionEnd_ByIdWithoutHumanToken_ExitsTwo()
    {
        var shell = new JitShell(fixture.Url);

        var result = await shell.RunAsync("session", "end", "--id", "ses_whatever");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("jit: usage: JIT_HUMAN_TOKEN is not set", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionEnd_UnknownId_ExitsTwo()
    {
        var shell = new JitShell(fixture.Url);
        await shell.EvalAsync("login", "--dev", "alice");

        var result = await shell.RunAsync("session", "end", "--id", "ses_doesnotexist");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("jit: invalid_request: no session 'ses_doesnotexist'", Assert.Single(result.StderrLines));
    }
}
