using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Server.Tests.Escalations;
using JitTokens.Server.Tests.Infrastructure;

namespace JitTokens.Server.Tests.Interop;

/// <summary>
/// Issue 6 item 1: a standard OAuth client from outside .NET (oauth4webapi, from npm) drives the token exchange and the
/// CIBA polling flow against the real server on a loopback port (tests/interop/oauth-exchange.mjs).
/// </summary>
public sealed class OAuthClientTests : LoopbackIssuerTests
{
    [Fact]
    public async Task OAuth4WebApi_ExchangesTheSessionTokenForAnAccessToken()
    {
        var (_, session) = await Api.StartAsync();

        var answer = await RunAsync(session.SessionToken, "exchange", "db:read", "https://staging.api.example.com");

        var token = answer.GetProperty("access_token").GetString()!;
        Assert.Equal("urn:ietf:params:oauth:token-type:access_token", answer.GetProperty("issued_token_type").GetString());
        Assert.Equal("db:read", answer.GetProperty("scope").GetString());
        Assert.Equal("staging", Jwt.Payload(token).GetProperty("env").GetString());
    }

    [Fact]
    public async Task OAuth4WebApi_InvalidTarget_IsAnOAuthErrorTheLibraryParses()
    {
        var (_, session) = await Api.StartAsync();

        var answer = await RunAsync(session.SessionToken, "exchange", "db:read", "https://nowhere.example.com");

        Assert.Equal("invalid_target", answer.GetProperty("error").GetString());
    }

    [Fact]
    public async Task OAuth4WebApi_EscalatedRequest_IsPolledWithCiba_UntilApproved()
    {
        var (_, session) = await Api.StartAsync();

        var pending = await RunAsync(session.SessionToken, "exchange", "db:write", "https://api.example.com");
        Assert.Equal(ErrorCodes.AuthorizationPending, pending.GetProperty("error").GetString());
        var authReqId = pending.GetProperty("auth_req_id").GetString()!;
        Assert.Equal(2, pending.GetProperty("interval").GetInt32());

        var stillPending = await RunAsync(session.SessionToken, "poll", authReqId);
        Assert.Equal(ErrorCodes.AuthorizationPending, stillPending.GetProperty("error").GetString());

        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        await Api.ApprovedAsync(dana, authReqId);
        Factory.Time.Advance(TimeSpan.FromSeconds(3));
        var approved = await RunAsync(session.SessionToken, "poll", authReqId);

        var token = approved.GetProperty("access_token").GetString()!;
        Assert.Equal("production", Jwt.Payload(token).GetProperty("env").GetString());
        Assert.Equal("db:write", approved.GetProperty("scope").GetString());
    }

    private async Task<JsonElement> RunAsync(string sessionToken, params string[] arguments)
    {
        var script = Path.Combine(RepoPaths.Root, "tests", "interop", "oauth-exchange.mjs");
        Assert.True(Directory.Exists(Path.Combine(RepoPaths.Root, "tests", "interop", "node_modules", "oauth4webapi")), "run `npm ci` in tests/interop (ops/test does)");
        var (exit, stdout, stderr) = await ProcessRunner.RunAsync("node", [script, Issuer, sessionToken, .. arguments], TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, stdout + stderr);
        using var json = JsonDocument.Parse(stdout);
        return json.RootElement.Clone();
    }
}
