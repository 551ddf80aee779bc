using System.Net;
using JitTokens.Abstractions.Wire;
using JitTokens.Server.Tests.Escalations;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Chat;

/// <summary>The outbox is durable: a restart with an undelivered notification loses nothing (Redis mode).</summary>
public sealed class ChatRestartTests(RedisServerFixture redis) : ChatTestBase(redis)
{
    [Fact]
    public async Task Restart_WithAPendingUndeliveredEscalation_TheNextServerDeliversIt_AndItCanBeDecidedAndRedeemed()
    {
        Slack.FailWith(HttpStatusCode.ServiceUnavailable);
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        await WaitForLogAsync("Chat delivery of request");
        Api.Http.Dispose();
        Factory.Dispose();

        Slack.Heal();
        var (next, api) = StartServer();
        using (next)
        using (api.Http)
        {
            next.Time.Advance(TimeSpan.FromMinutes(5)); // the failed attempt's backoff and lease are over

            await RequestPostedAsync(escalated.EscalationId);
            var (click, _) = await ClickAsync("U0DBA01", "jit_approve", escalated.EscalationId, api, next);
            using var redeem = await api.RedeemAsync(session.SessionToken, escalated.EscalationId);

            Assert.Equal(HttpStatusCode.OK, click.StatusCode);
            Assert.Equal(HttpStatusCode.Created, redeem.StatusCode);
            Assert.Equal(EscalationStatuses.Redeemed, (await api.GetEscalationAsync(session.SessionToken, escalated.EscalationId)).Status);
        }
    }
}
