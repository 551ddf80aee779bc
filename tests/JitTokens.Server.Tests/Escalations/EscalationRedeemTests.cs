using System.Net;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Escalations;

/// <summary>DESIGN.md §3.3: <c>POST /v1/escalations/{id}/token</c>, polled until a decision, redeemed once.</summary>
public abstract class EscalationRedeemTests(RedisServerFixture? redis) : ServerTestBase(redis)
{
    public sealed class InMemory() : EscalationRedeemTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : EscalationRedeemTests(redis);

    [Fact]
    public async Task Redeem_Approved_IssuesTheTokenOnceWithItsApprovers()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken, ttl: 600, target: "orders-db");
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        await Api.ApprovedAsync(dana, escalated.EscalationId);

        using var response = await Api.RedeemAsync(session.SessionToken, escalated.EscalationId);
        using var again = await Api.RedeemAsync(session.SessionToken, escalated.EscalationId);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var issued = await Api.ReadAsync(response, JitJsonContext.Default.TokenIssued);
        Assert.Equal(600, issued.ExpiresIn);
        Assert.Equal("db:write", issued.Scope);
        Assert.Equal("production", issued.Environment);
        var claims = Jwt.Payload(issued.AccessToken);
        Assert.Equal(["dana"], claims.GetProperty("approvers").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("orders-db", claims.GetProperty("target").GetString());
        Assert.Equal("https://api.example.com", claims.GetProperty("aud").GetString());
        Assert.Equal(issued.TokenId, claims.GetProperty("jti").GetString());
        await Api.AssertProblemAsync(again, HttpStatusCode.BadRequest, ErrorCodes.InvalidGrant);
        var view = await Api.GetEscalationAsync(dana, escalated.EscalationId);
        Assert.Equal(EscalationStatuses.Redeemed, view.Status);
        Assert.Equal(issued.TokenId, view.TokenId);
        var redeemed = Assert.Single(Factory.AuditOf(AuditEventTypes.EscalationRedeemed, escalated.EscalationId));
        Assert.Equal(issued.TokenId, redeemed.TokenId);
        Assert.Equal(["dana"], redeemed.Approvers);
        Assert.Equal("agent:cursor-42", redeemed.Actor);
        var tokenIssued = Assert.Single(Factory.AuditOf(AuditEventTypes.TokenIssued, escalated.EscalationId));
        Assert.Equal(issued.TokenId, tokenIssued.TokenId);
    }

    [Fact]
    public async Task Redeem_Irreversible_IsSingleUseWithBothApprovers()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken, "volume:delete", target: "vol-123");
        await Api.ApprovedAsync(await Api.LoginAsync("bob", JitRoles.Approver), escalated.EscalationId);
        await Api.ApprovedAsync(await Api.LoginAsync("carol", JitRoles.Approver), escalated.EscalationId);

        using var response = await Api.RedeemAsync(session.SessionToken, escalated.EscalationId);

        var claims = Jwt.Payload((await Api.ReadAsync(response, JitJsonContext.Default.TokenIssued)).AccessToken);
        Assert.Equal("once", claims.GetProperty("use").GetString());
        Assert.Equal(["bob", "carol"], claims.GetProperty("approvers").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Redeem_TtlCountsFromRedemption()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken, ttl: 600);
        Factory.Time.Advance(TimeSpan.FromMinutes(10));
        await Api.ApprovedAsync(await Api.LoginAsync("dana", JitRoles.Approver), escalated.EscalationId);
        Factory.Time.Advance(TimeSpan.FromMinutes(4));
        var redeemedAt = Factory.Time.GetUtcNow();

        using var response = await Api.RedeemAsync(session.SessionToken, escalated.EscalationId);

        var issued = await Api.ReadAsync(response, JitJsonContext.Default.TokenIssued);
        Assert.Equal(600, issued.ExpiresIn);
        Assert.Equal(redeemedAt.ToUnixTimeSeconds() + 600, issued.ExpiresAt.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Redeem_NeverPastTheSessionEnd()
    {
        var (_, session) = await Api.StartAsync(ttlSeconds: 900);
        var escalated = await Api.EscalateAsync(session.SessionToken, ttl: 600);
        Factory.Time.Advance(TimeSpan.FromMinutes(12));
        await Api.ApprovedAsync(await Api.LoginAsync("dana", JitRoles.Approver), escalated.EscalationId);

        using var response = await Api.RedeemAsync(session.SessionToken, escalated.EscalationId);

        var issued = await Api.ReadAsync(response, JitJsonContext.Default.TokenIssued);
        Assert.Equal(session.ExpiresAt, issued.ExpiresAt);
        Assert.Equal(180, issued.ExpiresIn);
    }

    [Fact]
    public async Task Redeem_Pending_IsAuthorizationPending_AndFastPollsSlowDown()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);

        using var first = await Api.RedeemAsync(session.SessionToken, escalated.EscalationId);
        Factory.Time.Advance(TimeSpan.FromSeconds(1));
        using var tooSoon = await Api.RedeemAsync(session.SessionToken, escalated.EscalationId);
        Factory.Time.Advance(TimeSpan.FromSeconds(escalated.PollIntervalSeconds));
        using var onTime = await Api.RedeemAsync(session.SessionToken, escalated.EscalationId);

        await Api.AssertProblemAsync(first, HttpStatusCode.BadRequest, ErrorCodes.AuthorizationPending);
        await Api.AssertProblemAsync(tooSoon, HttpStatusCode.BadRequest, ErrorCodes.SlowDown);
        await Api.AssertProblemAsync(onTime, HttpStatusCode.BadRequest, ErrorCodes.AuthorizationPending);
    }

    [Fact]
    public async Task Redeem_NobodyDecided_IsExpiredToken()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        Factory.Time.Set(escalated.ExpiresAt);

        using var response = await Api.RedeemAsync(session.SessionToken, escalated.EscalationId);

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.ExpiredToken);
        Assert.Single(Factory.AuditOf(AuditEventTypes.EscalationExpired, escalated.EscalationId));
    }

    [Fact]
    public async Task Redeem_ApprovalNotRedeemedWithinFiveMinutes_IsExpiredToken()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var approved = await Api.ApprovedAsync(await Api.LoginAsync("dana", JitRoles.Approver), escalated.EscalationId);
        Factory.Time.Set(approved.ExpiresAt);

        using var response = await Api.RedeemAsync(session.SessionToken, escalated.EscalationId);

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.ExpiredToken);
        Assert.Contains("not redeemed in time", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redeem_OtherSession_Is404()
    {
        var (human, session) = await Api.StartAsync();
        var other = await Api.StartSessionAsync(human);
        var escalated = await Api.EscalateAsync(session.SessionToken);

        using var response = await Api.RedeemAsync(other.SessionToken, escalated.EscalationId);

        await Api.AssertProblemAsync(response, HttpStatusCode.NotFound, ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Redeem_HumanToken_IsInvalidSession()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);

        using var response = await Api.RedeemAsync(dana, escalated.EscalationId);

        await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession);
    }

    [Fact]
    public async Task EndSessionByOwner_CancelsTheEscalation()
    {
        // A session can end while another of its tokens is still in use; the escalation then reads as cancelled.
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        using (await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/" + session.SessionId, (await Api.LoginAsync("alice", JitRoles.Requester))))
        {
        }

        var view = await Api.GetEscalationAsync(dana, escalated.EscalationId);

        Assert.Equal(EscalationStatuses.Cancelled, view.Status);
    }
}
