using JitTokens.Cli.Tests.Support;

namespace JitTokens.Cli.Tests;

public sealed class TokenCommandTests(DevServerFixture fixture) : IClassFixture<DevServerFixture>
{
    private const string Purpose = "read orders for OPS-17";

    [Fact]
    public async Task Token_AutoApproved_PrintsOnlyTheJwtOnStdout()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url);

        var result = await shell.RunAsync("token", "--scope", "db:read", "--env", "staging", "--purpose", Purpose);

        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("\n", result.Stdout, StringComparison.Ordinal);
        var jwt = Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(jwt + "\n", result.Stdout);
        Assert.True(Jwt.IsCompactJws(jwt), jwt);
        Assert.Equal("at+jwt", Jwt.Header(jwt).GetProperty("typ").GetString());
        Assert.Equal("db:read", Jwt.Payload(jwt).GetProperty("scope").GetString());
        var details = Assert.Single(result.StderrLines);
        Assert.Contains("tok_", details, StringComparison.Ordinal);
        Assert.DoesNotContain(jwt, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_WaitOnAnAutoApprovedScope_PrintsTheTokenAtOnce()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url);

        var result = await shell.RunAsync("token", "--scope", "db:read", "--env", "staging", "--purpose", Purpose, "--wait");

        Assert.Equal(0, result.ExitCode);
        Assert.True(Jwt.IsCompactJws(Assert.Single(result.StdoutLines)), result.ToString());
        Assert.StartsWith("jit: token tok_", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_TtlAndTarget_AreSentAsAsked()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url);

        var result = await shell.RunAsync("token", "--scope", "db:read", "--env", "staging", "--purpose", Purpose, "--ttl", "2m", "--target", "orders-db");

        Assert.Equal(0, result.ExitCode);
        var claims = Jwt.Payload(result.StdoutLines[0]);
        Assert.Equal(120, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        Assert.Equal("orders-db", claims.GetProperty("target").GetString());
    }

    [Fact]
    public async Task Token_DryRun_PrintsDecisionAndMintsNothing()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url);

        var result = await shell.RunAsync("token", "--scope", "db:read", "--env", "staging", "--purpose", Purpose, "--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("decision: issue", result.StdoutLines[0]);
        Assert.Matches("^max_ttl_seconds: [0-9]+$", result.StdoutLines[1]);
        Assert.Equal(2, result.StdoutLines.Count);
        Assert.DoesNotContain("eyJ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_DryRunOfIrreversibleScope_PrintsEscalateAndExitsZero()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url);

        var result = await shell.RunAsync("token", "--scope", "volume:delete", "--env", "staging", "--purpose", Purpose, "--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["decision: escalate", "max_ttl_seconds: 300"], result.StdoutLines);
    }

    [Fact]
    public async Task Token_DryRunThatWouldBeRefused_PrintsDenialAndExitsThree()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url, scopes: ["db:read"]);

        var result = await shell.RunAsync("token", "--scope", "db:write", "--env", "staging", "--purpose", Purpose, "--dry-run");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("decision: deny", result.StdoutLines[0]);
        Assert.Equal("error: scope_not_allowed", result.StdoutLines[1]);
        Assert.StartsWith("error_description: ", result.StdoutLines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_ScopeOutsideSession_ExitsThreeWithOneLineError()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url, scopes: ["db:read"]);

        var result = await shell.RunAsync("token", "--scope", "db:write", "--env", "staging", "--purpose", Purpose);

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.StartsWith("jit: scope_not_allowed: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_EnvironmentOutsideSession_ExitsThreeWithOneLineError()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url);

        var result = await shell.RunAsync("token", "--scope", "db:read", "--env", "production", "--purpose", Purpose);

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.StartsWith("jit: environment_not_allowed: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_NeedsApproval_ExitsThreeNamingThePendingEscalation()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url);

        var result = await shell.RunAsync("token", "--scope", "volume:delete", "--env", "staging", "--purpose", Purpose, "--target", "vol-staging-7");

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Matches("^jit: escalation esc_[A-Za-z0-9_-]+ is pending human approval", Assert.Single(result.StderrLines));
    }

    [Fact]
    public async Task Token_TtlAboveScopeLimit_ExitsThreeNamingTheLimit()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url);

        var result = await shell.RunAsync("token", "--scope", "db:write", "--env", "staging", "--purpose", Purpose, "--ttl", "31m");

        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("jit: ttl_too_long: ", line, StringComparison.Ordinal);
        Assert.Contains("1800", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_PurposeTheServerRefuses_ExitsTwo()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url);

        var result = await shell.RunAsync("token", "--scope", "db:read", "--env", "staging", "--purpose", "short");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("jit: invalid_request: purpose must be", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_EndedSession_ExitsFour()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url);
        await shell.EvalAsync("session", "end");

        var result = await shell.RunAsync("token", "--scope", "db:read", "--env", "staging", "--purpose", Purpose);

        Assert.Equal(4, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal("jit: invalid_session: the session has ended", Assert.Single(result.StderrLines));
    }

    [Fact]
    public async Task Token_UnknownSessionToken_ExitsFour()
    {
        var shell = new JitShell(fixture.Url);
        shell.Environment[EnvironmentVariables.SessionToken] = "jits_" + new string('A', 43);

        var result = await shell.RunAsync("token", "--scope", "db:read", "--env", "staging", "--purpose", Purpose);

        Assert.Equal(4, result.ExitCode);
        Assert.StartsWith("jit: invalid_session: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    public static TheoryData<string[]> FailingCalls => new()
    {
        new[] { "token", "--scope", "db:write", "--env", "staging", "--purpose", Purpose },
        new[] { "token", "--scope", "db:read", "--env", "production", "--purpose", Purpose },
        new[] { "token", "--scope", "db:nope", "--env", "staging", "--purpose", Purpose },
        new[] { "token", "--scope", "db:read", "--env", "staging", "--purpose", "short" },
        new[] { "token", "--scope", "db:read", "--env", "staging", "--purpose", Purpose, "--ttl", "2h" },
        new[] { "token", "--scope", "volume:delete", "--env", "staging", "--purpose", Purpose },
        new[] { "token", "--scope", "db:read", "--env", "staging", "--purpose", Purpose, "--url", "http://127.0.0.1:1" },
        new[] { "token", "--scope", "db:read", "--env", "staging", "--purpose", Purpose, "--ttl", "5x" },
        new[] { "token", "--scope", "db:read", "--env", "staging" },
        new[] { "session", "end", "--id", "ses_nobody" },
        new[] { "session", "start", "--agent", "bad agent", "--env", "staging", "--purpose", Purpose },
    };

    [Theory]
    [MemberData(nameof(FailingCalls))]
    public async Task FailingCall_StderrIsOneLineWithoutAnyCredential(string[] args)
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url, scopes: ["db:read", "volume:delete"]);

        var result = await shell.RunAsync(args);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Single(result.StderrLines);
        Assert.StartsWith("jit: ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(shell[EnvironmentVariables.SessionToken]!, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(shell[EnvironmentVariables.HumanToken]!, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("jits_", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionEnd_IdThatIsAPastedSessionToken_IsNeverEchoed()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url);
        var pasted = shell[EnvironmentVariables.SessionToken]!;
        var other = new JitShell(fixture.Url);
        await other.EvalAsync("login", "--dev", "bob");

        var result = await other.RunAsync("session", "end", "--id", pasted);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("jit: invalid_request: no session ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(pasted[5..], line, StringComparison.Ordinal);
    }
}
