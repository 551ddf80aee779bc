using System.Net;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace JitTokens.Server.Tests.Escalations;

/// <summary>Racing decisions: exactly one decision for 1-of-N, no double count for M-of-N, one redemption, and races with expiry and session end.</summary>
public abstract class EscalationConcurrencyTests(RedisServerFixture? redis) : ServerTestBase(redis)
{
    private const int Rounds = 5;

    public sealed class InMemory() : EscalationConcurrencyTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : EscalationConcurrencyTests(redis);

    [Fact]
    public async Task OneOfN_ConcurrentApprovers_ExactlyOneDecides()
    {
        // rita owns the session, so both dba members may approve.
        var rita = await Api.LoginAsync("rita", JitRoles.Requester);
        var session = await Api.StartSessionAsync(rita, """{"agent":"cursor-42","environments":["production"],"purpose":"fix flaky checkout test"}""");
        var alice = await Api.LoginAsync("alice", JitRoles.Approver);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        for (var round = 0; round < Rounds; round++)
        {
            var escalated = await Api.EscalateAsync(session.SessionToken);

            var responses = await Task.WhenAll(Api.ApproveAsync(alice, escalated.EscalationId), Api.ApproveAsync(dana, escalated.EscalationId));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            var view = await Api.GetEscalationAsync(alice, escalated.EscalationId);
            Assert.Equal(EscalationStatuses.Approved, view.Status);
            Assert.Single(view.Approvals);
            Assert.Single(Factory.AuditOf(AuditEventTypes.EscalationApproved, escalated.EscalationId));
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task TwoOfN_ConcurrentApprovals_AreCountedOnceEach()
    {
        var (_, session) = await Api.StartAsync();
        var bob = await Api.LoginAsync("bob", JitRoles.Approver);
        var carol = await Api.LoginAsync("carol", JitRoles.Approver);
        for (var round = 0; round < Rounds; round++)
        {
            var escalated = await Api.EscalateAsync(session.SessionToken, "volume:delete", target: "vol-1");

            var responses = await Task.WhenAll(
                Api.ApproveAsync(bob, escalated.EscalationId), Api.ApproveAsync(bob, escalated.EscalationId),
                Api.ApproveAsync(carol, escalated.EscalationId), Api.ApproveAsync(carol, escalated.EscalationId));

            Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
            Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
            var view = await Api.GetEscalationAsync(bob, escalated.EscalationId);
            Assert.Equal(EscalationStatuses.Approved, view.Status);
            Assert.Equal(["bob", "carol"], view.Approvals.Select(a => a.By).Order(StringComparer.Ordinal));
            Assert.Equal(2, Factory.AuditOf(AuditEventTypes.EscalationApproved, escalated.EscalationId).Count);
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task ApproveAndDenyRacing_OneWinsAndTheOtherIsAlreadyDecided()
    {
        var rita = await Api.LoginAsync("rita", JitRoles.Requester);
        var session = await Api.StartSessionAsync(rita, """{"agent":"cursor-42","environments":["production"],"purpose":"fix flaky checkout test"}""");
        var alice = await Api.LoginAsync("alice", JitRoles.Approver);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        var escalated = await Api.EscalateAsync(session.SessionToken);

        var responses = await Task.WhenAll(Api.ApproveAsync(alice, escalated.EscalationId), Api.DenyAsync(dana, escalated.EscalationId));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var status = (await Api.GetEscalationAsync(alice, escalated.EscalationId)).Status;
        Assert.Contains(status, new[] { EscalationStatuses.Approved, EscalationStatuses.Denied });
        Assert.Equal(1, Factory.AuditOf(AuditEventTypes.EscalationApproved, escalated.EscalationId).Count + Factory.AuditOf(AuditEventTypes.EscalationDenied, escalated.EscalationId).Count);
    }

    [Fact]
    public async Task ConcurrentRedemptions_IssueExactlyOneToken()
    {
        var (_, session) = await Api.StartAsync();
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        for (var round = 0; round < Rounds; round++)
        {
            var escalated = await Api.EscalateAsync(session.SessionToken);
            await Api.ApprovedAsync(dana, escalated.EscalationId);

            var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Api.RedeemAsync(session.SessionToken, escalated.EscalationId)));

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
            Assert.Single(Factory.AuditOf(AuditEventTypes.EscalationRedeemed, escalated.EscalationId));
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task ApprovalRacingSessionEnd_NeverLeavesARedeemableApproval()
    {
        var human = await Api.LoginAsync("alice", JitRoles.Requester);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        for (var round = 0; round < Rounds; round++)
        {
            var session = await Api.StartSessionAsync(human, """{"agent":"cursor-42","environments":["production"],"purpose":"fix flaky checkout test"}""");
            var escalated = await Api.EscalateAsync(session.SessionToken);

            var approve = Api.ApproveAsync(dana, escalated.EscalationId);
            var end = Api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken);
            using var approved = await approve;
            using var ended = await end;

            Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
            Assert.Contains(approved.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict });
            Assert.Equal(EscalationStatuses.Cancelled, (await Api.GetEscalationAsync(dana, escalated.EscalationId)).Status);
            using var redeem = await Api.RedeemAsync(session.SessionToken, escalated.EscalationId);
            Assert.Equal(HttpStatusCode.Unauthorized, redeem.StatusCode);
        }
    }

    [Fact]
    public async Task ApprovalRacingExpiry_RecordsExactlyOneOutcome()
    {
        var (_, session) = await Api.StartAsync();
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        var decisions = Factory.Services.GetRequiredService<JitTokens.Core.Escalations.EscalationDecisions>();
        for (var round = 0; round < Rounds * 2; round++)
        {
            var escalated = await Api.EscalateAsync(session.SessionToken);
            Factory.Time.Set(escalated.ExpiresAt - TimeSpan.FromTicks(1));

            // The approval is sent one tick before expiry while the clock steps across it and the sweep runs.
            var approve = Api.ApproveAsync(dana, escalated.EscalationId);
            Factory.Time.Advance(TimeSpan.FromTicks(1));
            var sweep = decisions.ExpireDueAsync(100, TestContext.Current.CancellationToken);
            using var approved = await approve;
            await sweep;

            var approvals = Factory.AuditOf(AuditEventTypes.EscalationApproved, escalated.EscalationId).Count;
            var expiries = Factory.AuditOf(AuditEventTypes.EscalationExpired, escalated.EscalationId).Count;
            Assert.Equal(1, approvals + expiries);
            Assert.Equal(approvals == 1 ? HttpStatusCode.OK : HttpStatusCode.Conflict, approved.StatusCode);
            var status = (await Api.GetEscalationAsync(dana, escalated.EscalationId)).Status;
            Assert.Equal(approvals == 1 ? EscalationStatuses.Approved : EscalationStatuses.Expired, status);
            Factory.Time.Set(escalated.ExpiresAt - TimeSpan.FromMinutes(15));
        }
    }
}
