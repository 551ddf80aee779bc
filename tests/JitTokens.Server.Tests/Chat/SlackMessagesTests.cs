using System.Text.Json.Nodes;
using JitTokens.Abstractions.Wire;
using JitTokens.Server.Chat;
using JitTokens.TestSupport.Slack;
using static JitTokens.Server.Tests.Chat.ChatRecords;

namespace JitTokens.Server.Tests.Chat;

public sealed class SlackMessagesTests
{
    private static JsonObject Render(Core.Escalations.EscalationRecord escalation, DateTimeOffset? now = null, bool replaceOriginal = false)
        => Assert.IsType<JsonObject>(JsonNode.Parse(SlackMessages.Render(escalation, now ?? Now, replaceOriginal)));

    private static IEnumerable<string> Types(JsonObject message) => SlackJson.Blocks(message).Select(b => SlackJson.GetString(b, "type") ?? "");

    private static string SectionStartingWith(JsonObject message, string start)
        => SlackJson.Blocks(message).Select(b => b["text"]?["text"]?.GetValue<string>()).Single(t => t?.StartsWith(start, StringComparison.Ordinal) == true)!;

    [Fact]
    public void Render_Pending_HasTheButtonsExactlyAsTheContractSays()
    {
        var message = Render(Pending());

        var actions = SlackJson.Blocks(message).Single(b => SlackJson.GetString(b, "type") == "actions");
        var expected = JsonNode.Parse($$$"""
            {"type":"actions","block_id":"jit_escalation","elements":[
              {"type":"button","action_id":"jit_approve","style":"primary","value":"{{{Id}}}","text":{"type":"plain_text","text":"Approve"}},
              {"type":"button","action_id":"jit_deny","style":"danger","value":"{{{Id}}}","text":{"type":"plain_text","text":"Deny"}}]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, actions), actions.ToJsonString());
    }

    [Fact]
    public void Render_Pending_ShowsTheTrustedValuesAsFields()
    {
        var message = Render(Pending() with { Approvals = ApprovedBy("bob") });

        var fields = SlackJson.Blocks(message).Single(b => b["fields"] is not null)["fields"]!.AsArray()
            .Select(f => f!["text"]!.GetValue<string>()).ToArray();
        Assert.Equal(
            [
                "*Agent*\ncursor-42", "*Owner*\nalice", "*Scope*\ndb:write", "*Environment*\nproduction", "*TTL*\n10m",
                "*Approvals*\n1 of 2 from group dba: bob", "*Expires*\n2026-11-22 09:15:00 UTC",
            ],
            fields);
        Assert.All(SlackJson.Blocks(message).Single(b => b["fields"] is not null)["fields"]!.AsArray(), f => Assert.Equal("mrkdwn", f!["type"]!.GetValue<string>()));
    }

    [Fact]
    public void Render_Pending_QuotesPurposeAndTargetApartAsTheAgentsWords()
    {
        var message = Render(Pending());

        Assert.Equal("*Purpose* (written by the agent, unverified):\n>apply migration 0042 for ticket OPS-17", SectionStartingWith(message, "*Purpose*"));
        Assert.Equal("*Target* (written by the agent, unverified):\n>orders-db", SectionStartingWith(message, "*Target*"));
        Assert.Equal(["header", "section", "section", "section", "actions", "context"], Types(message));
    }

    [Fact]
    public void Render_NoTarget_HasNoTargetSection()
    {
        var message = Render(Pending(target: null));

        Assert.DoesNotContain(SlackJson.Strings(message), s => s.Value.Contains("*Target*", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_Pending_HeaderAndFallbackAndCliAlternative()
    {
        var message = Render(Pending());

        Assert.Equal("Approval needed: db:write in production", SlackJson.Blocks(message).First()["text"]!["text"]!.GetValue<string>());
        Assert.Equal($"Approval needed: db:write in production for agent cursor-42 (owner alice), {Id}", SlackJson.GetString(message, "text"));
        var context = SlackJson.Blocks(message).Single(b => SlackJson.GetString(b, "type") == "context")["elements"]![0]!["text"]!.GetValue<string>();
        Assert.Contains($"jit approve {Id}", context, StringComparison.Ordinal);
        Assert.Contains($"jit deny {Id}", context, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Fallback_NeverCarriesTheAgentsText()
    {
        var message = Render(Pending(purpose: "URGENT approve now or prod dies", target: "all-the-things"));

        Assert.DoesNotContain("URGENT", SlackJson.GetString(message, "text"), StringComparison.Ordinal);
        Assert.DoesNotContain("all-the-things", SlackJson.GetString(message, "text"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Render_ReplaceOriginal_OnlyWhenAsked(bool replace)
    {
        var message = Render(Pending(), replaceOriginal: replace);

        Assert.Equal(replace, message["replace_original"]?.GetValue<bool>() ?? false);
        Assert.Equal(replace, message.ContainsKey("replace_original"));
    }

    [Theory]
    [InlineData(EscalationStatuses.Approved, "Approved: db:write in production", "Approved by dana, bob")]
    [InlineData(EscalationStatuses.Denied, "Denied: db:write in production", "Denied by dana: not during the freeze")]
    [InlineData(EscalationStatuses.Expired, "Expired: db:write in production", "Expired: nobody decided in time")]
    [InlineData(EscalationStatuses.Cancelled, "Cancelled: db:write in production", "Cancelled: the session ended")]
    [InlineData(EscalationStatuses.Redeemed, "Redeemed: db:write in production", "Redeemed: token tok_9xYz issued")]
    public void Render_Final_HasNoButtons_AndSaysWhatHappened(string status, string header, string outcome)
    {
        var message = Render(Decided(status));

        Assert.DoesNotContain("actions", Types(message));
        Assert.Empty(SlackJson.Buttons(message));
        Assert.Equal(header, SlackJson.Blocks(message).First()["text"]!["text"]!.GetValue<string>());
        Assert.Contains(outcome, SectionStartingWith(message, ":"), StringComparison.Ordinal);
        Assert.StartsWith(outcome, SlackJson.GetString(message, "text"), StringComparison.Ordinal);
        Assert.DoesNotContain(SlackJson.Strings(message), s => s.Value.Contains("jit approve", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_PendingPastItsExpiry_ShowsExpiredWithoutButtons()
    {
        var message = Render(Pending(), now: Now.AddMinutes(15));

        Assert.Empty(SlackJson.Buttons(message));
        Assert.StartsWith("Expired: nobody decided in time", SlackJson.GetString(message, "text"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PendingJustBeforeItsExpiry_StillHasButtons()
    {
        Assert.Equal(2, SlackJson.Buttons(Render(Pending(), now: Now.AddMinutes(15).AddTicks(-1))).Count());
    }

    [Fact]
    public void Render_ApprovedButNotRedeemedInTime_SaysSo()
    {
        var message = Render(Decided(EscalationStatuses.Approved), now: Now.AddMinutes(15));

        Assert.StartsWith("Expired: approved by dana, bob but not redeemed in time", SlackJson.GetString(message, "text"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ExpiredWithSomeApprovals_SaysHowFarItGot()
    {
        var message = Render(Decided(EscalationStatuses.Expired) with { Approvals = ApprovedBy("dana") });

        Assert.StartsWith("Expired: nobody decided in time (1 of 2 approvals)", SlackJson.GetString(message, "text"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UnknownStatus_IsFinalAndEscaped()
    {
        var message = Render(Pending() with { Status = "<!channel>" });

        Assert.Empty(SlackJson.Buttons(message));
        Assert.StartsWith("Closed: &lt;!channel&gt;", SlackJson.GetString(message, "text"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(45, "45s")]
    [InlineData(600, "10m")]
    [InlineData(630, "10m30s")]
    [InlineData(3600, "1h")]
    [InlineData(5400, "1h30m")]
    [InlineData(3605, "1h5s")]
    [InlineData(43200, "12h")]
    public void Duration_ReadsLikeACliFlag(int seconds, string expected)
    {
        Assert.Equal(expected, SlackOutcome.Duration(seconds));
    }

    [Fact]
    public void Reply_IsEphemeral_DoesNotReplace_AndIsEscaped()
    {
        var reply = JsonNode.Parse(SlackMessages.Reply("Nothing changed: <@U0DBA01> already decided @here"));

        var expected = JsonNode.Parse("""{"response_type":"ephemeral","replace_original":false,"text":"Nothing changed: &lt;@\u2060U0DBA01&gt; already decided @\u2060here"}""");
        Assert.True(JsonNode.DeepEquals(expected, reply), reply!.ToJsonString());
    }
}
