using System.Net;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Server.Tests.Chat;
using JitTokens.Server.Tests.Escalations;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.Server.Chat;

namespace JitTokens.Server.Tests.Limits;

/// <summary>Chat clicks count against the per-human limit of the person they map to; a refused click changes nothing.</summary>
public sealed class ChatRateLimitTests() : ChatTestBase(null)
{
    [Fact]
    public async Task ClickByALinkedPerson_SharesTheirApiBucket_AndIsRefusedWithoutDeciding()
    {
        RestartWith(new Dictionary<string, string?>
        {
            ["JitTokens:Chat:Users:U0DBA01"] = "dana",
            ["JitTokens:RateLimits:PerHuman:PermitsPerSecond"] = "1",
            ["JitTokens:RateLimits:PerHuman:Burst"] = "2",
        });
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        await Api.GetEscalationAsync(dana, escalated.EscalationId);
        await Api.GetEscalationAsync(dana, escalated.EscalationId);

        var (refused, responseUrl) = await ClickAsync("U0DBA01", SlackActions.Approve, escalated.EscalationId);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Too many requests from you; try again in 1 s", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(EscalationStatuses.Pending, (await Api.GetEscalationAsync(session.SessionToken, escalated.EscalationId)).Status);

        Factory.Time.Advance(TimeSpan.FromSeconds(1));
        var (approved, approvedUrl) = await ClickAsync("U0DBA01", SlackActions.Approve, escalated.EscalationId);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(EscalationStatuses.Approved, (await Api.GetEscalationAsync(session.SessionToken, escalated.EscalationId)).Status);
        Assert.Equal("dana", Assert.Single(Factory.AuditOf(AuditEventTypes.EscalationApproved, escalated.EscalationId)).Actor);
        // The outbox delivers in order: once the approval is posted, a reply to the refused click would have been too.
        await PostedToAsync(approvedUrl, "Approved");
        Assert.DoesNotContain(Slack.Posts, p => responseUrl.EndsWith(p.Path, StringComparison.Ordinal));
        refused.Dispose();
        approved.Dispose();
    }
}
