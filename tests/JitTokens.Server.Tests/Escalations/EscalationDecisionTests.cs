using System.Net;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Escalations;

/// <summary>DESIGN.md §3.3: who may approve or deny, and what each decision does.</summary>
public abstract class EscalationDecisionTests(RedisServerFixture? redis) : ServerTestBase(redis)
{
    public sealed class InMemory() : EscalationDecisionTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : EscalationDecisionTests(redis);

    [Fact]
    public async Task Approve_GroupMember_ApprovesAndIsLogged()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);

        using var response = await Api.ApproveAsync(dana, escalated.EscalationId, """{"comment":"ticket OPS-17 checked"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await Api.ReadAsync(response, JitJsonContext.Default.EscalationView);
        Assert.Equal(EscalationStatuses.Approved, view.Status);
        Assert.Equal("dana", view.DecidedBy);
        Assert.Equal("dana", Assert.Single(view.Approvals).By);
        Assert.Equal("ticket OPS-17 checked", view.Comment);
        Assert.Equal(Factory.Time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds(), view.ExpiresAt.ToUnixTimeSeconds());
        var logged = Assert.Single(Factory.AuditOf(AuditEventTypes.EscalationApproved, escalated.EscalationId));
        Assert.Equal("dana", logged.Actor);
        Assert.Equal(["dana"], logged.Approvers);
        Assert.Equal(EscalationStatuses.Approved, logged.Decision);
    }

    [Fact]
    public async Task Approve_WithoutBody_Works()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);

        var view = await Api.ApprovedAsync(dana, escalated.EscalationId);

        Assert.Null(view.Comment);
    }

    [Fact]
    public async Task Approve_SessionOwner_IsSelfApprovalForbidden()
    {
        var (alice, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);

        using var response = await Api.ApproveAsync(alice, escalated.EscalationId);

        await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.SelfApprovalForbidden);
        Assert.Equal(EscalationStatuses.Pending, (await Api.GetEscalationAsync(alice, escalated.EscalationId)).Status);
    }

    [Fact]
    public async Task Approve_AdminOwner_IsStillSelfApprovalForbidden()
    {
        var admin = await Api.LoginAsync("alice", JitRoles.Admin);
        var session = await Api.StartSessionAsync(admin, """{"agent":"cursor-42","environments":["production"],"purpose":"fix flaky checkout test"}""");
        var escalated = await Api.EscalateAsync(session.SessionToken);

        using var response = await Api.ApproveAsync(admin, escalated.EscalationId);

        await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.SelfApprovalForbidden);
    }

    [Fact]
    public async Task Approve_OutsideTheGroup_IsNotAnApprover()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var bob = await Api.LoginAsync("bob", JitRoles.Approver); // infra, not dba

        using var response = await Api.ApproveAsync(bob, escalated.EscalationId);

        await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.NotAnApprover);
    }

    [Fact]
    public async Task Approve_AdminOutsideTheGroup_IsNotAnApprover()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var root = await Api.LoginAsync("root", JitRoles.Admin);

        using var response = await Api.ApproveAsync(root, escalated.EscalationId);

        await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.NotAnApprover);
    }

    [Fact]
    public async Task Approve_GroupMemberWithoutTheApproverRole_IsAccessDenied()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var dana = await Api.LoginAsync("dana", JitRoles.Auditor);

        using var response = await Api.ApproveAsync(dana, escalated.EscalationId);

        await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.AccessDenied);
    }

    [Fact]
    public async Task Approve_WithASessionToken_AgentsNeverApprove()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);

        using var response = await Api.ApproveAsync(session.SessionToken, escalated.EscalationId);

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.AccessDenied);
        Assert.Contains("agents never approve", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_NoCredential_Is401()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);

        using var response = await Api.ApproveAsync(null!, escalated.EscalationId);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Approve_UnknownEscalation_Is404()
    {
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);

        using var response = await Api.ApproveAsync(dana, "esc_unknown");

        await Api.AssertProblemAsync(response, HttpStatusCode.NotFound, ErrorCodes.InvalidRequest);
    }

    [Theory]
    [InlineData("""{"comment":"x","extra":1}""")]
    [InlineData("""{"comment":"two\nlines"}""")]
    [InlineData("""not json""")]
    public async Task Approve_BadBody_Is400AndChangesNothing(string body)
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);

        using var response = await Api.ApproveAsync(dana, escalated.EscalationId, body);

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        Assert.Equal(EscalationStatuses.Pending, (await Api.GetEscalationAsync(dana, escalated.EscalationId)).Status);
    }

    [Fact]
    public async Task Approve_CommentOverTheLimit_Is400()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);

        using var response = await Api.ApproveAsync(dana, escalated.EscalationId, $$"""{"comment":"{{new string('x', 501)}}"}""");

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Deny_IsFinal()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        using var denied = await Api.DenyAsync(dana, escalated.EscalationId, """{"comment":"not during the freeze"}""");
        Assert.Equal(HttpStatusCode.OK, denied.StatusCode);

        using var approve = await Api.ApproveAsync(dana, escalated.EscalationId);
        using var denyAgain = await Api.DenyAsync(dana, escalated.EscalationId);
        using var redeem = await Api.RedeemAsync(session.SessionToken, escalated.EscalationId);

        await Api.AssertProblemAsync(approve, HttpStatusCode.Conflict, ErrorCodes.AlreadyDecided);
        await Api.AssertProblemAsync(denyAgain, HttpStatusCode.Conflict, ErrorCodes.AlreadyDecided);
        var problem = await Api.AssertProblemAsync(redeem, HttpStatusCode.Forbidden, ErrorCodes.AccessDenied);
        Assert.Contains("not during the freeze", problem.Detail, StringComparison.Ordinal);
        var logged = Assert.Single(Factory.AuditOf(AuditEventTypes.EscalationDenied, escalated.EscalationId));
        Assert.Equal("dana", logged.Actor);
    }

    [Fact]
    public async Task TwoOfN_CountsDistinctApprovers()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken, "volume:delete", target: "vol-123");
        var bob = await Api.LoginAsync("bob", JitRoles.Approver);
        var carol = await Api.LoginAsync("carol", JitRoles.Approver);

        var first = await Api.ApprovedAsync(bob, escalated.EscalationId);
        using var again = await Api.ApproveAsync(bob, escalated.EscalationId);
        var second = await Api.ApprovedAsync(carol, escalated.EscalationId);

        Assert.Equal(EscalationStatuses.Pending, first.Status);
        Assert.Single(first.Approvals);
        await Api.AssertProblemAsync(again, HttpStatusCode.Conflict, ErrorCodes.AlreadyDecided);
        Assert.Equal(EscalationStatuses.Approved, second.Status);
        Assert.Equal(["bob", "carol"], second.Approvals.Select(a => a.By));
        Assert.Equal("carol", second.DecidedBy);
        Assert.Equal(2, Factory.AuditOf(AuditEventTypes.EscalationApproved, escalated.EscalationId).Count);
    }

    [Fact]
    public async Task Approve_AfterExpiry_IsAlreadyDecidedAndExpiryIsLoggedOnce()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        Factory.Time.Set(escalated.ExpiresAt);

        using var first = await Api.ApproveAsync(dana, escalated.EscalationId);
        using var second = await Api.ApproveAsync(dana, escalated.EscalationId);

        var problem = await Api.AssertProblemAsync(first, HttpStatusCode.Conflict, ErrorCodes.AlreadyDecided);
        Assert.Contains("expired", problem.Detail, StringComparison.Ordinal);
        await Api.AssertProblemAsync(second, HttpStatusCode.Conflict, ErrorCodes.AlreadyDecided);
        Assert.Single(Factory.AuditOf(AuditEventTypes.EscalationExpired, escalated.EscalationId));
        Assert.Equal(EscalationStatuses.Expired, (await Api.GetEscalationAsync(dana, escalated.EscalationId)).Status);
    }

    [Fact]
    public async Task Approve_OneTickBeforeExpiry_Counts()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        Factory.Time.Set(escalated.ExpiresAt - TimeSpan.FromTicks(1));

        var view = await Api.ApprovedAsync(dana, escalated.EscalationId);

        Assert.Equal(EscalationStatuses.Approved, view.Status);
    }

    [Fact]
    public async Task EndSession_CancelsPending_ThenDecisionsAreRefused()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        using (var end = await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        }

        using var approve = await Api.ApproveAsync(dana, escalated.EscalationId);

        var problem = await Api.AssertProblemAsync(approve, HttpStatusCode.Conflict, ErrorCodes.AlreadyDecided);
        Assert.Contains("cancelled", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(EscalationStatuses.Cancelled, (await Api.GetEscalationAsync(dana, escalated.EscalationId)).Status);
        Assert.Single(Factory.AuditOf(AuditEventTypes.EscalationCancelled, escalated.EscalationId));
    }

    [Fact]
    public async Task EndSession_AfterApproval_CancelsTheUnredeemedApproval()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        await Api.ApprovedAsync(dana, escalated.EscalationId);

        using (await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken))
        {
        }

        using var redeem = await Api.RedeemAsync(session.SessionToken, escalated.EscalationId);
        await Api.AssertProblemAsync(redeem, HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession);
        Assert.Equal(EscalationStatuses.Cancelled, (await Api.GetEscalationAsync(dana, escalated.EscalationId)).Status);
    }

    [Fact]
    public async Task List_Pending_ShowsOpenEscalationsToApprovers_AndOwnToTheSession()
    {
        var (human, session) = await Api.StartAsync();
        var other = await Api.StartSessionAsync(human, """{"agent":"codex-7","environments":["production"],"purpose":"rotate the cache keys"}""");
        var mine = await Api.EscalateAsync(session.SessionToken);
        var theirs = await Api.EscalateAsync(other.SessionToken);
        var decided = await Api.EscalateAsync(session.SessionToken);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        await Api.ApprovedAsync(dana, decided.EscalationId);

        using var asApprover = await Api.SendAsync(HttpMethod.Get, "/v1/escalations?status=pending", dana);
        using var asSession = await Api.SendAsync(HttpMethod.Get, "/v1/escalations", session.SessionToken);
        using var bad = await Api.SendAsync(HttpMethod.Get, "/v1/escalations?status=approved", dana);

        var pending = (await Api.ReadAsync(asApprover, JitJsonContext.Default.EscalationList)).Escalations.Select(e => e.EscalationId).ToList();
        Assert.Contains(theirs.EscalationId, pending);
        Assert.Contains(mine.EscalationId, pending);
        Assert.DoesNotContain(decided.EscalationId, pending);
        var own = (await Api.ReadAsync(asSession, JitJsonContext.Default.EscalationList)).Escalations.Select(e => e.EscalationId).ToHashSet();
        Assert.Equal(new[] { mine.EscalationId, decided.EscalationId }.Order(StringComparer.Ordinal), own.Order(StringComparer.Ordinal));
        await Api.AssertProblemAsync(bad, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }
}
