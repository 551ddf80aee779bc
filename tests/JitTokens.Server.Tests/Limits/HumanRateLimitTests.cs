using System.Net;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Server.Tests.Escalations;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Limits;

/// <summary>Issue 6 item 4: the per-human rate limit on the human endpoints, on both stores.</summary>
public abstract class HumanRateLimitTests(RedisServerFixture? redis) : RateLimitTestBase(redis)
{
    public sealed class InMemory() : HumanRateLimitTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : HumanRateLimitTests(redis);

    [Fact]
    public async Task HumanEndpoints_OverTheLimit_Are429_OtherHumansAreServed_AndTheBucketRefills()
    {
        var alice = await Api.LoginAsync("alice", JitRoles.Requester, JitRoles.Auditor);
        var bob = await Api.LoginAsync("bob", JitRoles.Requester);
        await Api.StartSessionAsync(alice);
        for (var i = 1; i < HumanBurst; i++)
        {
            using var listed = await Api.SendAsync(HttpMethod.Get, "/v1/sessions", alice);
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        }

        using var list = await Api.SendAsync(HttpMethod.Get, "/v1/sessions", alice);
        using var audit = await Api.SendAsync(HttpMethod.Get, "/v1/audit", alice);
        using var start = await Api.PostJsonAsync("/v1/sessions", """{"agent":"cursor-42","environments":["staging"],"purpose":"fix flaky checkout test"}""", alice);
        using var bobs = await Api.SendAsync(HttpMethod.Get, "/v1/sessions", bob);

        await AssertRateLimitedAsync(list);
        await AssertRateLimitedAsync(audit);
        await AssertRateLimitedAsync(start);
        Assert.Equal(HttpStatusCode.OK, bobs.StatusCode);
        Factory.Time.Advance(TimeSpan.FromSeconds(1));
        using var later = await Api.SendAsync(HttpMethod.Get, "/v1/sessions", alice);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Single(Factory.Logs.Lines, l => l.Contains("Rate limit per human reached by alice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApprovalsOverRest_Count_AndARefusedApprovalChangesNothing()
    {
        var rita = await Api.LoginAsync("rita", JitRoles.Requester);
        var session = await Api.StartSessionAsync(rita, """{"agent":"cursor-42","environments":["production"],"purpose":"fix flaky checkout test"}""");
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        for (var i = 0; i < HumanBurst; i++)
        {
            await Api.GetEscalationAsync(dana, escalated.EscalationId);
        }

        using var approve = await Api.ApproveAsync(dana, escalated.EscalationId);

        await AssertRateLimitedAsync(approve);
        Assert.Equal(EscalationStatuses.Pending, (await Api.GetEscalationAsync(session.SessionToken, escalated.EscalationId)).Status);
        Assert.Empty(Factory.AuditOf(AuditEventTypes.EscalationApproved, escalated.EscalationId));
    }

    [Fact]
    public async Task EndingASessionById_IsNeverLimited()
    {
        var alice = await Api.LoginAsync("alice", JitRoles.Requester);
        var session = await Api.StartSessionAsync(alice);
        for (var i = 1; i < HumanBurst + 2; i++)
        {
            using var _ = await Api.SendAsync(HttpMethod.Get, "/v1/sessions", alice);
        }

        using var ended = await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/" + session.SessionId, alice);

        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        using var current = await Api.SendAsync(HttpMethod.Get, "/v1/sessions/current", session.SessionToken);
        Assert.Equal(HttpStatusCode.Unauthorized, current.StatusCode);
    }
}
