using System.Net;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Audit;
using JitTokens.Core.Storage;
using JitTokens.Server.Tests.Audit;
using JitTokens.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JitTokens.Server.Tests.Escalations;

/// <summary>DESIGN.md §3.6 for escalations: a step the log cannot record does not stand.</summary>
public sealed class EscalationFailClosedTests
{
    [Fact]
    public async Task Escalate_LogRefusesTheRequest_503AndTheEscalationIsCancelled()
    {
        var sink = new FailingAuditSink(AuditEventTypes.EscalationRequested);
        using var factory = new JitServerFactory(services: s => s.AddSingleton<IAuditSink>(sink));
        var api = new Api(factory.CreateClient());
        var (_, session) = await api.StartAsync();

        using var response = await api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:write", "production"));

        await Api.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, ErrorCodes.Unavailable);
        var id = Assert.Single(sink.Refused).EscalationId!;
        var stored = await factory.Services.GetRequiredService<IJitStore>().GetEscalationAsync(id, CancellationToken.None);
        Assert.Equal(EscalationStatuses.Cancelled, stored!.Status);
    }

    [Fact]
    public async Task Approve_LogRefusesTheApproval_503AndTheEscalationStaysPending()
    {
        var sink = new FailingAuditSink(AuditEventTypes.EscalationApproved);
        using var factory = new JitServerFactory(services: s => s.AddSingleton<IAuditSink>(sink));
        var api = new Api(factory.CreateClient());
        var (_, session) = await api.StartAsync();
        var escalated = await api.EscalateAsync(session.SessionToken);
        var dana = await api.LoginAsync("dana", JitRoles.Approver);

        using var response = await api.ApproveAsync(dana, escalated.EscalationId);
        using var redeem = await api.RedeemAsync(session.SessionToken, escalated.EscalationId);

        await Api.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, ErrorCodes.Unavailable);
        await Api.AssertProblemAsync(redeem, HttpStatusCode.BadRequest, ErrorCodes.AuthorizationPending);
        var view = await api.GetEscalationAsync(dana, escalated.EscalationId);
        Assert.Equal(EscalationStatuses.Pending, view.Status);
        Assert.Empty(view.Approvals);
    }

    [Fact]
    public async Task Redeem_LogRefusesTheRedemption_503NoTokenAndTheRecordedOneIsRevoked()
    {
        var sink = new FailingAuditSink(AuditEventTypes.EscalationRedeemed);
        using var factory = new JitServerFactory(services: s => s.AddSingleton<IAuditSink>(sink));
        var api = new Api(factory.CreateClient());
        var (_, session) = await api.StartAsync();
        var escalated = await api.EscalateAsync(session.SessionToken);
        await api.ApprovedAsync(await api.LoginAsync("dana", JitRoles.Approver), escalated.EscalationId);

        using var response = await api.RedeemAsync(session.SessionToken, escalated.EscalationId);

        await Api.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, ErrorCodes.Unavailable);
        Assert.DoesNotContain("eyJ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var tokenId = Assert.Single(sink.Refused).TokenId!;
        var token = await factory.Services.GetRequiredService<IJitStore>().GetTokenAsync(tokenId, CancellationToken.None);
        Assert.NotNull(token!.RevokedAt);
    }
}
