using System.Net;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Abstractions;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Escalations;

public abstract class EscalationReadTests(RedisServerFixture? redis) : ServerTestBase(redis)
{
    public sealed class InMemory() : EscalationReadTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : EscalationReadTests(redis);

    [Fact]
    public async Task Get_OwnSession_ShowsThePendingRequest()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await EscalateAsync(session.SessionToken);

        using var response = await Api.SendAsync(HttpMethod.Get, "/v1/escalations/" + escalated.EscalationId, session.SessionToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await Api.ReadAsync(response, JitJsonContext.Default.EscalationView);
        Assert.Equal(escalated.EscalationId, view.EscalationId);
        Assert.Equal(EscalationStatuses.Pending, view.Status);
        Assert.Equal("volume:delete", view.Scope);
        Assert.Equal("production", view.Environment);
        Assert.Equal("vol-123", view.Target);
        Assert.Equal("cursor-42", view.Agent);
        Assert.Equal("alice", view.Owner);
        Assert.Equal(2, view.ApprovalsRequired);
        Assert.Empty(view.Approvals);
        Assert.Null(view.DecidedBy);
    }

    [Fact]
    public async Task Get_OtherSession_Returns404()
    {
        var (human, session) = await Api.StartAsync();
        var other = await Api.StartSessionAsync(human);
        var escalated = await EscalateAsync(session.SessionToken);

        using var response = await Api.SendAsync(HttpMethod.Get, "/v1/escalations/" + escalated.EscalationId, other.SessionToken);

        await Api.AssertProblemAsync(response, HttpStatusCode.NotFound, ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Get_Approver_CanRead()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await EscalateAsync(session.SessionToken);
        var bob = await Api.LoginAsync("bob", JitRoles.Approver);

        using var response = await Api.SendAsync(HttpMethod.Get, "/v1/escalations/" + escalated.EscalationId, bob);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_RequesterOnly_Returns403()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await EscalateAsync(session.SessionToken);
        var req = await Api.LoginAsync("rita", JitRoles.Requester);

        using var response = await Api.SendAsync(HttpMethod.Get, "/v1/escalations/" + escalated.EscalationId, req);

        await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.AccessDenied);
    }

    [Fact]
    public async Task Get_AfterFifteenMinutes_ShowsExpired()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await EscalateAsync(session.SessionToken);
        Factory.Time.Advance(TimeSpan.FromMinutes(15));

        using var response = await Api.SendAsync(HttpMethod.Get, "/v1/escalations/" + escalated.EscalationId, session.SessionToken);

        Assert.Equal(EscalationStatuses.Expired, (await Api.ReadAsync(response, JitJsonContext.Default.EscalationView)).Status);
    }

    [Fact]
    public async Task Escalate_WithoutChat_IsPrintedInTheServerLog()
    {
        var (_, session) = await Api.StartAsync();

        var escalated = await EscalateAsync(session.SessionToken);

        var line = Assert.Single(Factory.Logs.Lines, l => l.Contains(escalated.EscalationId, StringComparison.Ordinal));
        Assert.Contains("volume:delete in production for agent cursor-42 (owner alice); needs 2 approval(s) from group infra", line, StringComparison.Ordinal);
        Assert.Contains("jit approve " + escalated.EscalationId, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escalate_NearSessionEnd_ExpiresWithTheSession()
    {
        var (_, session) = await Api.StartAsync(ttlSeconds: 300);

        var escalated = await EscalateAsync(session.SessionToken);

        Assert.Equal(session.ExpiresAt, escalated.ExpiresAt);
    }

    private async Task<TokenEscalated> EscalateAsync(string sessionToken)
    {
        using var response = await Api.RequestTokenAsync(sessionToken, Api.TokenBody("volume:delete", "production", target: "vol-123"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await Api.ReadAsync(response, JitJsonContext.Default.TokenEscalated);
    }
}
