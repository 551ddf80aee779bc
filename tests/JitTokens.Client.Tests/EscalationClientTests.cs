using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Cli.Tests.Support;
using JitTokens.Client.Tests.Support;

namespace JitTokens.Client.Tests;

/// <summary>The escalation calls against the real dev server: the wire contract as the server speaks it.</summary>
public sealed class EscalationClientTests(DevServerFixture fixture) : ServerClientTestBase(fixture)
{
    [Fact]
    public async Task ListEscalations_PendingOnly_ShowsTheRequestToApproversAndItsSession()
    {
        var (session, escalated) = await EscalateAsync();
        var dana = await LoginAsync("dana", JitRoles.Approver);

        var byApprover = await Client.ListEscalationsAsync(dana, pendingOnly: true, limit: 500, Cancel);
        var bySession = await Client.ListEscalationsAsync(session.SessionToken, cancellationToken: Cancel);

        Assert.True(byApprover.IsSuccess, byApprover.Problem?.Detail);
        var view = Assert.Single(byApprover.Value.Escalations, e => e.EscalationId == escalated.EscalationId);
        Assert.Equal((EscalationStatuses.Pending, "dba", 1), (view.Status, view.ApprovalGroup, view.ApprovalsRequired));
        Assert.Equal([escalated.EscalationId], bySession.Value!.Escalations.Select(e => e.EscalationId));
    }

    [Fact]
    public async Task Approve_ThenWait_ReturnsTheTokenAndTheEscalationIsRedeemed()
    {
        var (session, escalated) = await EscalateAsync();
        var dana = await LoginAsync("dana", JitRoles.Approver);

        var approved = await Client.ApproveEscalationAsync(dana, escalated.EscalationId, "OPS-17 reviewed", Cancel);
        var token = await Client.WaitForTokenAsync(session.SessionToken, escalated, cancellationToken: Cancel);
        var after = await Client.GetEscalationAsync(session.SessionToken, escalated.EscalationId, Cancel);

        Assert.True(approved.IsSuccess, approved.Problem?.Detail);
        Assert.Equal((EscalationStatuses.Approved, "dana", "OPS-17 reviewed"), (approved.Value.Status, approved.Value.DecidedBy, approved.Value.Comment));
        Assert.True(token.IsSuccess, token.Problem?.Detail);
        Assert.Equal(("db:write", "production", 201), (token.Value.Scope, token.Value.Environment, token.Status));
        Assert.Equal((EscalationStatuses.Redeemed, token.Value.TokenId), (after.Value!.Status, after.Value.TokenId));
    }

    [Fact]
    public async Task Wait_DeniedWhileWaiting_ReturnsAccessDeniedWithWhoAndWhy()
    {
        var (session, escalated) = await EscalateAsync();
        var dana = await LoginAsync("dana", JitRoles.Approver);
        var reports = new List<EscalationProgress>();
        var progress = new Reporting(async p =>
        {
            reports.Add(p);
            if (reports.Count == 1)
            {
                await Client.DenyEscalationAsync(dana, escalated.EscalationId, "not during the freeze", Cancel);
            }
        });

        var result = await Client.WaitForTokenAsync(session.SessionToken, escalated, progress, Cancel);

        Assert.Equal((403, ErrorCodes.AccessDenied), (result.Status, result.Problem!.Error));
        Assert.Equal("denied by dana: not during the freeze", result.Problem.Detail);
        Assert.Equal(EscalationStatuses.Pending, Assert.Single(reports).Escalation.Status);
    }

    [Fact]
    public async Task Redeem_PolledAgainAtOnce_ReturnsSlowDown()
    {
        var (session, escalated) = await EscalateAsync();

        var first = await Client.RedeemEscalationAsync(session.SessionToken, escalated.EscalationId, Cancel);
        var second = await Client.RedeemEscalationAsync(session.SessionToken, escalated.EscalationId, Cancel);

        Assert.Equal((400, ErrorCodes.AuthorizationPending), (first.Status, first.Problem!.Error));
        Assert.Equal((400, ErrorCodes.SlowDown), (second.Status, second.Problem!.Error));
    }

    [Fact]
    public async Task Approve_OwnSessionsRequest_ReturnsSelfApprovalForbidden()
    {
        var alice = await LoginAsync("alice");
        var session = await StartAsync(alice, ["db:write"], "production");
        var escalated = (await Client.RequestTokenAsync(session.SessionToken, Ask("db:write", "production"), Cancel)).Value!.Escalated!;

        var result = await Client.ApproveEscalationAsync(alice, escalated.EscalationId, cancellationToken: Cancel);

        Assert.Equal((403, ErrorCodes.SelfApprovalForbidden), (result.Status, result.Problem!.Error));
    }

    private async Task<(SessionStarted Session, TokenEscalated Escalated)> EscalateAsync()
    {
        var session = await StartAsync(await LoginAsync("alice"), ["db:write"], "production");
        var asked = await Client.RequestTokenAsync(session.SessionToken, Ask("db:write", "production"), Cancel);
        Assert.True(asked.IsSuccess, asked.Problem?.Detail);
        return (session, asked.Value.Escalated!);
    }

    /// <summary>Runs the test's action inline on the polling task, so it happens between two polls.</summary>
    private sealed class Reporting(Func<EscalationProgress, Task> onReport) : IProgress<EscalationProgress>
    {
        public void Report(EscalationProgress value) => onReport(value).GetAwaiter().GetResult();
    }
}
