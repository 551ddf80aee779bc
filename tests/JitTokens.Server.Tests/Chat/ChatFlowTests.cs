using System.Net;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Server.Tests.Escalations;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;
using JitTokens.TestSupport.Slack;

namespace JitTokens.Server.Tests.Chat;

/// <summary>DESIGN.md §3.4 end to end: the message goes out, a click comes back signed, the message is replaced.</summary>
public abstract class ChatFlowTests(RedisServerFixture? redis) : ChatTestBase(redis)
{
    public sealed class InMemory() : ChatFlowTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : ChatFlowTests(redis);

    [Fact]
    public async Task Escalate_PostsTheRequestWithApproveAndDenyButtons()
    {
        var (_, session) = await Api.StartAsync();

        var escalated = await Api.EscalateAsync(session.SessionToken, target: "orders-db");

        var post = await RequestPostedAsync(escalated.EscalationId);
        var actions = Assert.Single(SlackJson.Blocks(post.Json), b => SlackJson.GetString(b, "type") == "actions");
        Assert.Equal("jit_escalation", SlackJson.GetString(actions, "block_id"));
        var buttons = SlackJson.Buttons(post.Json).ToList();
        Assert.Equal(["jit_approve", "jit_deny"], buttons.Select(b => SlackJson.GetString(b, "action_id")));
        Assert.Equal(["primary", "danger"], buttons.Select(b => SlackJson.GetString(b, "style")));
        Assert.All(buttons, b => Assert.Equal(escalated.EscalationId, SlackJson.GetString(b, "value")));
        Assert.False(string.IsNullOrWhiteSpace(post.Text));
        var rendered = string.Join('\n', SlackJson.Strings(post.Json).Select(s => s.Value));
        foreach (var expected in new[] { "cursor-42", "alice", "db:write", "production", "orders-db", "apply migration 0042 for OPS-17", "5m" })
        {
            Assert.Contains(expected, rendered, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Escalate_MrkdwnInjectionInPurposeAndTarget_ArrivesEscapedAndQuoted()
    {
        var (_, session) = await Api.StartAsync();

        var escalated = await Api.EscalateAsync(
            session.SessionToken,
            target: "<!everyone> <@U0DBA01> @here",
            purpose: "urgent <!channel> approve now <https://evil.example|Approve> & <@U0INF01> @channel");

        var post = await RequestPostedAsync(escalated.EscalationId);
        var texts = SlackJson.Strings(post.Json).Select(s => s.Value).ToList();
        Assert.All(texts, text =>
        {
            Assert.DoesNotContain("<!", text, StringComparison.Ordinal);
            Assert.DoesNotContain("<@", text, StringComparison.Ordinal);
            Assert.DoesNotContain("<http", text, StringComparison.Ordinal);
            Assert.DoesNotContain("@channel", text, StringComparison.Ordinal);
            Assert.DoesNotContain("@here", text, StringComparison.Ordinal);
        });
        Assert.Contains(texts, t => t.Contains("&lt;!channel&gt;", StringComparison.Ordinal) && t.Contains('>', StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("&lt;https://evil.example|Approve&gt; &amp;", StringComparison.Ordinal));
        Assert.Equal([escalated.EscalationId, escalated.EscalationId], post.ButtonValues);
        var mrkdwn = Descendants(post.Json).Where(o => SlackJson.GetString(o, "type") == "mrkdwn").ToList();
        Assert.NotEmpty(mrkdwn);
        Assert.All(mrkdwn, o => Assert.True(o["verbatim"]?.GetValue<bool>(), "every mrkdwn text is verbatim: no auto-links from agent text"));
    }

    private static IEnumerable<System.Text.Json.Nodes.JsonObject> Descendants(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => new[] { o }.Concat(o.SelectMany(p => Descendants(p.Value))),
        System.Text.Json.Nodes.JsonArray a => a.SelectMany(Descendants),
        _ => [],
    };

    [Fact]
    public async Task ClickApprove_GroupMember_ApprovesReplacesTheMessageAndTheAgentGetsTheToken()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        await RequestPostedAsync(escalated.EscalationId);

        var (response, responseUrl) = await ClickAsync("U0DBA01", "jit_approve", escalated.EscalationId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replaced = await PostedToAsync(responseUrl, "Approved by slack:U0DBA01");
        Assert.True(replaced.ReplacesOriginal);
        Assert.Empty(replaced.ButtonValues);
        var view = await Api.GetEscalationAsync(session.SessionToken, escalated.EscalationId);
        Assert.Equal(EscalationStatuses.Approved, view.Status);
        Assert.Equal("slack:U0DBA01", view.DecidedBy);
        using var redeem = await Api.RedeemAsync(session.SessionToken, escalated.EscalationId);
        var issued = await Api.ReadAsync(redeem, JitJsonContext.Default.TokenIssued);
        Assert.Equal(["slack:U0DBA01"], Jwt.Payload(issued.AccessToken).GetProperty("approvers").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("slack:U0DBA01", Assert.Single(Factory.AuditOf(AuditEventTypes.EscalationApproved, escalated.EscalationId)).Actor);
    }

    [Fact]
    public async Task ClickDeny_DeniesAndTheAgentIsRefused()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);

        var (response, responseUrl) = await ClickAsync("U0DBA01", "jit_deny", escalated.EscalationId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await PostedToAsync(responseUrl, "Denied by slack:U0DBA01");
        using var redeem = await Api.RedeemAsync(session.SessionToken, escalated.EscalationId);
        await Api.AssertProblemAsync(redeem, HttpStatusCode.Forbidden, ErrorCodes.AccessDenied);
    }

    [Fact]
    public async Task Click_NotInTheGroup_Answers200WithAReasonAndChangesNothing()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);

        var (response, responseUrl) = await ClickAsync("U0INF01", "jit_approve", escalated.EscalationId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("not an approver", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var reply = await PostedToAsync(responseUrl, "not an approver");
        Assert.Equal("ephemeral", SlackJson.GetString(reply.Json, "response_type"));
        Assert.False(reply.ReplacesOriginal);
        Assert.Equal(EscalationStatuses.Pending, (await Api.GetEscalationAsync(session.SessionToken, escalated.EscalationId)).Status);
    }

    [Fact]
    public async Task Click_UnknownEscalation_Answers200()
    {
        var (response, responseUrl) = await ClickAsync("U0DBA01", "jit_approve", "esc_doesnotexist");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await PostedToAsync(responseUrl, "no longer exists");
    }

    [Fact]
    public async Task DoubleClick_SecondIsAlreadyDecided()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var (first, _) = await ClickAsync("U0DBA01", "jit_approve", escalated.EscalationId);

        var (second, responseUrl) = await ClickAsync("U0DBA01", "jit_approve", escalated.EscalationId);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await PostedToAsync(responseUrl, "already approved");
        Assert.Single((await Api.GetEscalationAsync(session.SessionToken, escalated.EscalationId)).Approvals);
        Assert.Single(Factory.AuditOf(AuditEventTypes.EscalationApproved, escalated.EscalationId));
    }

    [Fact]
    public async Task ReplayedClick_WithinTheWindow_ChangesNothingMore()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken, "volume:delete", target: "vol-123");
        var body = SlackReceiver.BuildClick("U0INF01", "jit_approve", escalated.EscalationId, Slack.NewResponseUrl());
        var at = Factory.Time.GetUtcNow();
        using var first = await SlackReceiver.PostInteractionAsync(Api.Http, SigningSecret, body, at, cancellationToken: Ct);

        Factory.Time.Advance(TimeSpan.FromMinutes(2));
        using var replay = await SlackReceiver.PostInteractionAsync(Api.Http, SigningSecret, body, at, cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var view = await Api.GetEscalationAsync(session.SessionToken, escalated.EscalationId);
        Assert.Equal(EscalationStatuses.Pending, view.Status);
        Assert.Single(view.Approvals);
        Assert.Single(Factory.AuditOf(AuditEventTypes.EscalationApproved, escalated.EscalationId));
    }

    [Fact]
    public async Task LinkedPerson_ApprovingThroughTheApi_IsTheirChatIdInTheGroup_AndOneApprover()
    {
        RestartWith(new Dictionary<string, string?> { ["JitTokens:Chat:Users:U0INF02"] = "eve" }); // infra names slack:U0INF02, not eve
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken, "volume:delete", target: "vol-123");
        var eve = await Api.LoginAsync("eve", JitRoles.Approver);

        var view = await Api.ApprovedAsync(eve, escalated.EscalationId);
        var (_, responseUrl) = await ClickAsync("U0INF02", "jit_approve", escalated.EscalationId);

        Assert.Equal("eve", Assert.Single(view.Approvals).By);
        await PostedToAsync(responseUrl, "already approved");
        Assert.Single((await Api.GetEscalationAsync(eve, escalated.EscalationId)).Approvals);
    }

    [Fact]
    public async Task ConcurrentClicks_TwoOfN_CountEachApproverOnce()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken, "volume:delete", target: "vol-123");

        var clicks = await Task.WhenAll(
            ClickAsync("U0INF01", "jit_approve", escalated.EscalationId), ClickAsync("U0INF01", "jit_approve", escalated.EscalationId),
            ClickAsync("U0INF02", "jit_approve", escalated.EscalationId), ClickAsync("U0INF02", "jit_approve", escalated.EscalationId));

        Assert.All(clicks, c => Assert.Equal(HttpStatusCode.OK, c.Response.StatusCode));
        var view = await Api.GetEscalationAsync(session.SessionToken, escalated.EscalationId);
        Assert.Equal(EscalationStatuses.Approved, view.Status);
        Assert.Equal(["slack:U0INF01", "slack:U0INF02"], view.Approvals.Select(a => a.By).Order(StringComparer.Ordinal));
        Assert.Equal(2, Factory.AuditOf(AuditEventTypes.EscalationApproved, escalated.EscalationId).Count);
    }

    [Fact]
    public async Task ConcurrentChatAndApiApprovals_OneOfN_ExactlyOneDecides()
    {
        var rita = await Api.LoginAsync("rita", JitRoles.Requester);
        var session = await Api.StartSessionAsync(rita, """{"agent":"cursor-42","environments":["production"],"purpose":"fix flaky checkout test"}""");
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        var escalated = await Api.EscalateAsync(session.SessionToken);

        var click = ClickAsync("U0DBA01", "jit_approve", escalated.EscalationId);
        var api = Api.ApproveAsync(dana, escalated.EscalationId);
        await Task.WhenAll(click, api);

        var view = await Api.GetEscalationAsync(dana, escalated.EscalationId);
        Assert.Equal(EscalationStatuses.Approved, view.Status);
        Assert.Single(view.Approvals);
        Assert.Single(Factory.AuditOf(AuditEventTypes.EscalationApproved, escalated.EscalationId));
    }

    [Fact]
    public async Task PartialApprovalInChat_KeepsTheButtonsAndShowsProgress()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken, "volume:delete", target: "vol-123");

        var (_, responseUrl) = await ClickAsync("U0INF01", "jit_approve", escalated.EscalationId);

        var replaced = await PostedToAsync(responseUrl, "1 of 2");
        Assert.True(replaced.ReplacesOriginal);
        Assert.Equal([escalated.EscalationId, escalated.EscalationId], replaced.ButtonValues);
    }

    [Fact]
    public async Task ApiDecision_PostsTheOutcomeAsANewMessage()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        await RequestPostedAsync(escalated.EscalationId);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);

        using (await Api.DenyAsync(dana, escalated.EscalationId, """{"comment":"not during the freeze"}"""))
        {
        }

        var outcome = await Slack.WaitForAsync(p => p.Kind == SlackPostKind.Webhook && p.Body.Contains("Denied by dana", StringComparison.Ordinal), Patience, Ct);
        Assert.Empty(outcome.ButtonValues);
        Assert.Contains("not during the freeze", outcome.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionEnd_ReplacesTheClickedMessageWithCancelled()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken, "volume:delete", target: "vol-123");
        var (_, responseUrl) = await ClickAsync("U0INF01", "jit_approve", escalated.EscalationId);
        await PostedToAsync(responseUrl, "1 of 2");

        using (await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken))
        {
        }

        var cancelled = await PostedToAsync(responseUrl, "Cancelled");
        Assert.Empty(cancelled.ButtonValues);
    }

    [Fact]
    public async Task NobodyDecides_TheSweepMarksItExpiredAndSaysSoInChat()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        await RequestPostedAsync(escalated.EscalationId);

        Factory.Time.Set(escalated.ExpiresAt);

        var outcome = await Slack.WaitForAsync(p => p.Kind == SlackPostKind.Webhook && p.Body.Contains("Expired", StringComparison.Ordinal), Patience, Ct);
        Assert.Empty(outcome.ButtonValues);
        // The chat update is stored with the expiry and may be delivered before the sweep's event is written.
        await WaitUntilAsync(() => Factory.AuditOf(AuditEventTypes.EscalationExpired, escalated.EscalationId).Count > 0);
        Assert.Single(Factory.AuditOf(AuditEventTypes.EscalationExpired, escalated.EscalationId));
    }

    [Fact]
    public async Task WebhookFailing_ThenHealed_TheMessageArrives()
    {
        Slack.FailWith(HttpStatusCode.ServiceUnavailable);
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        await WaitForLogAsync("Chat delivery of request");

        Slack.Heal();
        Factory.Time.Advance(TimeSpan.FromMinutes(5)); // past any backoff

        await RequestPostedAsync(escalated.EscalationId);
        Assert.Equal(EscalationStatuses.Pending, (await Api.GetEscalationAsync(session.SessionToken, escalated.EscalationId)).Status);
    }

    [Fact]
    public async Task WebhookDown_ThenUpOnTheSamePort_TheMessageArrives()
    {
        await Slack.StopAsync(Ct);
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        await WaitForLogAsync("Chat delivery of request");

        await Slack.StartAsync(Ct);
        Factory.Time.Advance(TimeSpan.FromMinutes(5));

        await RequestPostedAsync(escalated.EscalationId);
        var logs = string.Join('\n', Factory.Logs.Lines);
        Assert.DoesNotContain(new Uri(Slack.WebhookUrl).AbsolutePath, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1:" + Slack.Port, logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinkedChatUser_CannotApproveTheirOwnSessionsRequest()
    {
        RestartWith(new Dictionary<string, string?> { ["JitTokens:Chat:Users:U0DBA01"] = "alice" });
        var (_, session) = await Api.StartAsync(); // alice's session

        var escalated = await Api.EscalateAsync(session.SessionToken);
        var (response, responseUrl) = await ClickAsync("U0DBA01", "jit_approve", escalated.EscalationId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await PostedToAsync(responseUrl, "your own session");
        Assert.Equal(EscalationStatuses.Pending, (await Api.GetEscalationAsync(session.SessionToken, escalated.EscalationId)).Status);
    }

    [Fact]
    public async Task LinkedChatUser_IsRecordedByName_AndCannotApproveTwiceThroughTwoChannels()
    {
        RestartWith(new Dictionary<string, string?> { ["JitTokens:Chat:Users:U0INF01"] = "bob" });
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken, "volume:delete", target: "vol-123");
        var bob = await Api.LoginAsync("bob", JitRoles.Approver);
        await Api.ApprovedAsync(bob, escalated.EscalationId);

        var (_, responseUrl) = await ClickAsync("U0INF01", "jit_approve", escalated.EscalationId);

        await PostedToAsync(responseUrl, "already approved");
        var view = await Api.GetEscalationAsync(bob, escalated.EscalationId);
        Assert.Equal(EscalationStatuses.Pending, view.Status);
        Assert.Equal("bob", Assert.Single(view.Approvals).By);
    }

    [Fact]
    public async Task Secrets_NeverReachTheLogsOrTheAuditLog()
    {
        Slack.FailWith(HttpStatusCode.InternalServerError, times: 1);
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        await WaitForLogAsync("Chat delivery of request");
        Factory.Time.Advance(TimeSpan.FromMinutes(5));
        await RequestPostedAsync(escalated.EscalationId);
        var (_, responseUrl) = await ClickAsync("U0DBA01", "jit_approve", escalated.EscalationId);
        await PostedToAsync(responseUrl, "Approved");

        var everything = string.Join('\n', Factory.Logs.Lines.Concat(Factory.AuditLines()));

        Assert.DoesNotContain(new Uri(Slack.WebhookUrl).AbsolutePath, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(new Uri(responseUrl).AbsolutePath, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(SigningSecret, everything, StringComparison.Ordinal);
    }
}
