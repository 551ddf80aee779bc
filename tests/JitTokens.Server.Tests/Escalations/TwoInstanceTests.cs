using System.Net;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Escalations;

/// <summary>Two server instances sharing one Redis (DESIGN.md §3.3, issue 3 item 6): no double count, no double redemption.</summary>
public sealed class TwoInstanceTests : IDisposable
{
    private readonly JitServerFactory _a;
    private readonly JitServerFactory _b;

    public TwoInstanceTests(RedisServerFixture redis)
    {
        var settings = new Dictionary<string, string?>
        {
            ["JitTokens:Redis:Configuration"] = redis.Configuration,
            ["JitTokens:Redis:KeyPrefix"] = RedisServerFixture.NewKeyPrefix(),
        };
        _a = new JitServerFactory(settings);
        _b = new JitServerFactory(settings);
        A = new Api(_a.CreateClient());
        B = new Api(_b.CreateClient());
    }

    private Api A { get; }

    private Api B { get; }

    public void Dispose()
    {
        A.Http.Dispose();
        B.Http.Dispose();
        _a.Dispose();
        _b.Dispose();
    }

    [Fact]
    public async Task OneOfN_ApprovalsThroughBothInstances_ExactlyOneDecides()
    {
        var rita = await A.LoginAsync("rita", JitRoles.Requester);
        var session = await A.StartSessionAsync(rita, """{"agent":"cursor-42","environments":["production"],"purpose":"fix flaky checkout test"}""");
        var aliceOnB = await B.LoginAsync("alice", JitRoles.Approver);
        var danaOnA = await A.LoginAsync("dana", JitRoles.Approver);
        for (var round = 0; round < 5; round++)
        {
            var escalated = await A.EscalateAsync(session.SessionToken);

            var responses = await Task.WhenAll(A.ApproveAsync(danaOnA, escalated.EscalationId), B.ApproveAsync(aliceOnB, escalated.EscalationId));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            Assert.Single((await B.GetEscalationAsync(aliceOnB, escalated.EscalationId)).Approvals);
        }
    }

    [Fact]
    public async Task TwoOfN_SameApproverThroughBothInstances_CountsOnce()
    {
        var alice = await A.LoginAsync("alice", JitRoles.Requester);
        var session = await A.StartSessionAsync(alice, """{"agent":"cursor-42","environments":["production"],"purpose":"fix flaky checkout test"}""");
        var bobOnA = await A.LoginAsync("bob", JitRoles.Approver);
        var bobOnB = await B.LoginAsync("bob", JitRoles.Approver);
        var escalated = await A.EscalateAsync(session.SessionToken, "volume:delete", target: "vol-1");

        var responses = await Task.WhenAll(A.ApproveAsync(bobOnA, escalated.EscalationId), B.ApproveAsync(bobOnB, escalated.EscalationId));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var view = await A.GetEscalationAsync(bobOnA, escalated.EscalationId);
        Assert.Equal(EscalationStatuses.Pending, view.Status);
        Assert.Equal("bob", Assert.Single(view.Approvals).By);
    }

    [Fact]
    public async Task RedemptionsThroughBothInstances_IssueOneToken()
    {
        var alice = await A.LoginAsync("alice", JitRoles.Requester);
        var session = await A.StartSessionAsync(alice, """{"agent":"cursor-42","environments":["production"],"purpose":"fix flaky checkout test"}""");
        var dana = await B.LoginAsync("dana", JitRoles.Approver);
        for (var round = 0; round < 5; round++)
        {
            var escalated = await A.EscalateAsync(session.SessionToken);
            await B.ApprovedAsync(dana, escalated.EscalationId);

            var responses = await Task.WhenAll(
                A.RedeemAsync(session.SessionToken, escalated.EscalationId), B.RedeemAsync(session.SessionToken, escalated.EscalationId),
                A.RedeemAsync(session.SessionToken, escalated.EscalationId), B.RedeemAsync(session.SessionToken, escalated.EscalationId));

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            Assert.Equal(EscalationStatuses.Redeemed, (await B.GetEscalationAsync(dana, escalated.EscalationId)).Status);
        }
    }

    [Fact]
    public async Task ConcurrentWritersOnBothInstances_KeepOneValidChain()
    {
        var aliceA = await A.LoginAsync("alice", JitRoles.Requester);
        var aliceB = await B.LoginAsync("alice", JitRoles.Requester);
        var sessionA = await A.StartSessionAsync(aliceA);
        var sessionB = await B.StartSessionAsync(aliceB);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? A.IssueAsync(sessionA.SessionToken) : B.IssueAsync(sessionB.SessionToken)));

        var auditor = await B.LoginAsync("audrey", JitRoles.Auditor);
        using var response = await B.SendAsync(HttpMethod.Get, "/v1/audit/verify", auditor);
        var verification = await Api.ReadAsync(response, JitTokens.Abstractions.Json.JitJsonContext.Default.AuditVerification);
        Assert.True(verification.Valid, verification.Reason);
        Assert.Equal(42, verification.Events); // two session.started, forty token.issued, in one chain
    }
}
