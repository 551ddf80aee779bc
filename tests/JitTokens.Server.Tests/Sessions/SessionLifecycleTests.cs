using System.Net;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Abstractions;
using JitTokens.Core.Storage;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace JitTokens.Server.Tests.Sessions;

public abstract class SessionLifecycleTests(RedisServerFixture? redis) : ServerTestBase(redis)
{
    public sealed class InMemory() : SessionLifecycleTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : SessionLifecycleTests(redis);

    [Fact]
    public async Task Current_SessionToken_ReturnsSessionWithoutToken()
    {
        var (_, session) = await Api.StartAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, "/v1/sessions/current", session.SessionToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(session.SessionToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain("session_token", text, StringComparison.Ordinal);
        var view = await Api.ReadAsync(response, JitJsonContext.Default.SessionView);
        Assert.Equal(session.SessionId, view.SessionId);
        Assert.True(view.Active);
        Assert.Equal("fix flaky checkout test", view.Purpose);
    }

    [Fact]
    public async Task EndCurrent_Twice_Returns204BothTimes()
    {
        var (_, session) = await Api.StartAsync();

        using var first = await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken);
        using var second = await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
    }

    [Fact]
    public async Task EndCurrent_SessionTokenStopsWorking()
    {
        var (_, session) = await Api.StartAsync();
        await Api.IssueAsync(session.SessionToken);

        using var end = await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken);
        using var token = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"));
        using var current = await Api.SendAsync(HttpMethod.Get, "/v1/sessions/current", session.SessionToken);

        Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        await Api.AssertProblemAsync(token, HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession);
        await Api.AssertProblemAsync(current, HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession);
    }

    [Fact]
    public async Task EndCurrent_RevokesEveryTokenAndCancelsPendingEscalations()
    {
        var (human, session) = await Api.StartAsync();
        var a = await Api.IssueAsync(session.SessionToken);
        var b = await Api.IssueAsync(session.SessionToken, "db:write", "staging");
        using var escalated = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:write", "production"));
        var escalation = await Api.ReadAsync(escalated, JitJsonContext.Default.TokenEscalated);

        using var end = await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken);

        Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        var store = Factory.Services.GetRequiredService<IJitStore>();
        Assert.NotNull((await store.GetTokenAsync(a.TokenId, CancellationToken.None))!.RevokedAt);
        Assert.NotNull((await store.GetTokenAsync(b.TokenId, CancellationToken.None))!.RevokedAt);
        using var view = await Api.SendAsync(HttpMethod.Get, "/v1/escalations/" + escalation.EscalationId, human);
        Assert.Equal(EscalationStatuses.Cancelled, (await Api.ReadAsync(view, JitJsonContext.Default.EscalationView)).Status);
    }

    [Fact]
    public async Task EndById_Owner_Returns204AndEndsSession()
    {
        var (human, session) = await Api.StartAsync();

        using var end = await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/" + session.SessionId, human);
        using var after = await Api.SendAsync(HttpMethod.Get, "/v1/sessions/current", session.SessionToken);

        Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        await Api.AssertProblemAsync(after, HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession);
    }

    [Fact]
    public async Task EndById_OtherRequester_Returns403AndSessionLives()
    {
        var (_, session) = await Api.StartAsync();
        var mallory = await Api.LoginAsync("mallory", JitRoles.Requester);

        using var end = await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/" + session.SessionId, mallory);
        using var after = await Api.SendAsync(HttpMethod.Get, "/v1/sessions/current", session.SessionToken);

        await Api.AssertProblemAsync(end, HttpStatusCode.Forbidden, ErrorCodes.AccessDenied);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task EndById_Admin_Returns204()
    {
        var (_, session) = await Api.StartAsync();
        var admin = await Api.LoginAsync("root", JitRoles.Admin);

        using var end = await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/" + session.SessionId, admin);

        Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
    }

    [Fact]
    public async Task EndById_Unknown_Returns404()
    {
        var admin = await Api.LoginAsync("root", JitRoles.Admin);

        using var end = await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/ses_doesnotexist", admin);

        await Api.AssertProblemAsync(end, HttpStatusCode.NotFound, ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task EndById_SessionTokenPastedAsId_IsNotEchoed()
    {
        var (human, session) = await Api.StartAsync();

        using var end = await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/" + session.SessionToken, human);

        await Api.AssertProblemAsync(end, HttpStatusCode.NotFound, ErrorCodes.InvalidRequest);
        Assert.DoesNotContain(session.SessionToken[5..], await end.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndById_SessionToken_IsNotAHuman()
    {
        var (_, session) = await Api.StartAsync();

        using var end = await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/" + session.SessionId, session.SessionToken);

        await Api.AssertProblemAsync(end, HttpStatusCode.Unauthorized, ErrorCodes.AccessDenied);
    }

    [Fact]
    public async Task Session_Expired_TokenIsInvalid()
    {
        var (_, session) = await Api.StartAsync(ttlSeconds: 600);
        Factory.Time.Advance(TimeSpan.FromSeconds(601));

        using var token = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"));
        using var current = await Api.SendAsync(HttpMethod.Get, "/v1/sessions/current", session.SessionToken);

        await Api.AssertProblemAsync(token, HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession);
        await Api.AssertProblemAsync(current, HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession);
    }

    [Fact]
    public async Task List_OwnerSeesOwnAuditorSeesAll()
    {
        var (alice, aliceSession) = await Api.StartAsync();
        var bob = await Api.LoginAsync("bob", JitRoles.Requester);
        var bobSession = await Api.StartSessionAsync(bob);
        var auditor = await Api.LoginAsync("ivy", JitRoles.Auditor);

        var asAlice = await ListAsync(alice, "/v1/sessions");
        var asAuditor = await ListAsync(auditor, "/v1/sessions");

        Assert.Equal([aliceSession.SessionId], asAlice.Sessions.Select(s => s.SessionId));
        Assert.Equal(new[] { bobSession.SessionId, aliceSession.SessionId }.Order(), asAuditor.Sessions.Select(s => s.SessionId).Order());
    }

    [Fact]
    public async Task List_ActiveTrue_LeavesOutEndedSessions()
    {
        var (alice, ended) = await Api.StartAsync();
        Factory.Time.Advance(TimeSpan.FromSeconds(1));
        var live = await Api.StartSessionAsync(alice);
        using var end = await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", ended.SessionToken);

        var all = await ListAsync(alice, "/v1/sessions");
        var active = await ListAsync(alice, "/v1/sessions?active=true");

        Assert.Equal([live.SessionId, ended.SessionId], all.Sessions.Select(s => s.SessionId));
        Assert.False(all.Sessions[1].Active);
        Assert.NotNull(all.Sessions[1].EndedAt);
        Assert.Equal([live.SessionId], active.Sessions.Select(s => s.SessionId));
    }

    [Theory]
    [InlineData("/v1/sessions?active=yes")]
    [InlineData("/v1/sessions?limit=0")]
    [InlineData("/v1/sessions?limit=abc")]
    [InlineData("/v1/sessions?limit=1001")]
    public async Task List_BadQuery_Returns400(string path)
    {
        var alice = await Api.LoginAsync("alice", JitRoles.Requester);

        using var response = await Api.SendAsync(HttpMethod.Get, path, alice);

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    private async Task<SessionList> ListAsync(string human, string path)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, path, human);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Api.ReadAsync(response, JitJsonContext.Default.SessionList);
    }
}
