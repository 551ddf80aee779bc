using System.Text.RegularExpressions;
using JitTokens.Cli.Tests.Support;

namespace JitTokens.Cli.Tests;

public sealed partial class RevokeCommandTests(DevServerFixture fixture) : IClassFixture<DevServerFixture>
{
    [Fact]
    public async Task Revoke_OwnTokenWithSessionToken_RevokesAndSaysSoOnStderr()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url);
        var tokenId = await MintAsync(shell);

        var result = await shell.RunAsync("revoke", tokenId);
        var again = await shell.RunAsync("revoke", tokenId);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal($"jit: token {tokenId} revoked", Assert.Single(result.StderrLines));
        Assert.Equal(0, again.ExitCode);
        Assert.True(await IsRevokedAsync(tokenId));
    }

    [Fact]
    public async Task Revoke_WithoutSessionToken_RevokesAsTheOwner()
    {
        var agent = await JitShell.WithSessionAsync(fixture.Url);
        var tokenId = await MintAsync(agent);
        var owner = new JitShell(fixture.Url);
        owner.Environment[EnvironmentVariables.HumanToken] = agent[EnvironmentVariables.HumanToken]!;

        var result = await owner.RunAsync("revoke", tokenId);

        Assert.Equal(0, result.ExitCode);
        Assert.True(await IsRevokedAsync(tokenId));
    }

    [Fact]
    public async Task Revoke_UnknownToken_ExitsThreeNamingTheCredentialUsed()
    {
        var shell = await JitShell.WithSessionAsync(fixture.Url);

        var result = await shell.RunAsync("revoke", "tok_doesnotexist");

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(result.Stdout);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("jit: invalid_request: no token 'tok_doesnotexist' that you may revoke (asked as the session of $JIT_SESSION_TOKEN", line, StringComparison.Ordinal);
        Assert.Contains("unset it to ask as the human of $JIT_HUMAN_TOKEN", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_AnotherSessionsToken_ExitsThreeAndLeavesIt()
    {
        var bobs = await JitShell.WithSessionAsync(fixture.Url, user: "bob");
        var tokenId = await MintAsync(bobs);
        var alices = await JitShell.WithSessionAsync(fixture.Url);

        var asSession = await alices.RunAsync("revoke", tokenId);
        alices.Environment.Remove(EnvironmentVariables.SessionToken);
        var asHuman = await alices.RunAsync("revoke", tokenId);

        Assert.Equal(3, asSession.ExitCode);
        Assert.Equal(3, asHuman.ExitCode);
        Assert.Contains("asked as the human of $JIT_HUMAN_TOKEN", Assert.Single(asHuman.StderrLines), StringComparison.Ordinal);
        Assert.False(await IsRevokedAsync(tokenId));
    }

    [Fact]
    public async Task Revoke_WithoutCredentials_ExitsTwo()
    {
        var shell = new JitShell(fixture.Url);

        var result = await shell.RunAsync("revoke", "tok_1");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("jit: usage: neither JIT_SESSION_TOKEN nor JIT_HUMAN_TOKEN is set", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    /// <summary>Asks for a db:read token in the shell's session; returns its id from jit's stderr.</summary>
    private static async Task<string> MintAsync(JitShell shell)
    {
        var token = await shell.RunAsync("token", "--scope", "db:read", "--env", "staging", "--purpose", "read orders for OPS-17");
        Assert.Equal(0, token.ExitCode);
        return TokenId().Match(token.Stderr).Value;
    }

    /// <summary>Whether the issuance log holds a token.revoked event for the token (read by an auditor).</summary>
    private async Task<bool> IsRevokedAsync(string tokenId)
    {
        var auditor = new JitShell(fixture.Url);
        await auditor.EvalAsync("login", "--dev", "audrey", "--role", "jit.auditor");
        var revoked = await auditor.RunAsync("audit", "--type", "token.revoked", "--json", "--limit", "1000");
        Assert.Equal(0, revoked.ExitCode);
        return revoked.StdoutLines.Any(l => l.Contains($"\"token_id\":\"{tokenId}\"", StringComparison.Ordinal));
    }

    [GeneratedRegex("tok_[A-Za-z0-9_-]+")]
    private static partial Regex TokenId();
}
