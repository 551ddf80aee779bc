using JitTokens.Abstractions;
using JitTokens.Cli.Tests.Support;

namespace JitTokens.Cli.Tests;

public sealed class LoginCommandTests(DevServerFixture fixture) : IClassFixture<DevServerFixture>
{
    [Fact]
    public async Task Login_Dev_PrintsOnlyOneEvalableExportLine()
    {
        var shell = new JitShell(fixture.Url);

        var result = await shell.RunAsync("login", "--dev", "alice");

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(result.StdoutLines);
        Assert.StartsWith("export JIT_HUMAN_TOKEN=", line, StringComparison.Ordinal);
        var token = result.Exports[EnvironmentVariables.HumanToken];
        Assert.True(Jwt.IsCompactJws(token), token);
        Assert.Single(result.StderrLines);
        Assert.DoesNotContain(token, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WithRoles_TheHintRepeatsThem()
    {
        var shell = new JitShell(fixture.Url);

        var result = await shell.RunAsync("login", "--dev", "dana", "--role", JitRoles.Approver);

        Assert.Contains("eval \"$(jit login --dev dana --role jit.approver)\"", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_Dev_DefaultRolesAreTheServers()
    {
        var shell = new JitShell(fixture.Url);

        await shell.EvalAsync("login", "--dev", "alice");

        var roles = Jwt.Payload(shell[EnvironmentVariables.HumanToken]!).GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal([JitRoles.Approver, JitRoles.Requester], roles);
    }

    [Fact]
    public async Task Login_WithRoleWithoutRequester_CannotStartSessionsAndExitsThree()
    {
        var shell = new JitShell(fixture.Url);
        await shell.EvalAsync("login", "--dev", "audrey", "--role", JitRoles.Auditor);

        var result = await shell.RunAsync("session", "start", "--agent", "demo", "--env", "staging", "--purpose", "try without the role");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("jit: access_denied: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Login_UnknownRole_ExitsTwo()
    {
        var shell = new JitShell(fixture.Url);

        var result = await shell.RunAsync("login", "--dev", "alice", "--role", "jit.wizard");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("jit: usage: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Login_UserTheServerRefuses_ExitsTwoWithServerDetail()
    {
        var shell = new JitShell(fixture.Url);

        var result = await shell.RunAsync("login", "--dev", "two words");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("jit: invalid_request: user is required", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }
}
