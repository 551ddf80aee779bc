using System.Text.Json.Nodes;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Escalations;
using JitTokens.Server.Chat;
using JitTokens.TestSupport.Slack;
using static JitTokens.Server.Tests.Chat.ChatRecords;

namespace JitTokens.Server.Tests.Chat;

/// <summary>Agent-written (and other dynamic) text never becomes a mention, a link, a button or trusted-looking structure.</summary>
public sealed class SlackMessagesInjectionTests
{
    public static TheoryData<string> Injections() => new(SlackAssert.Injections);

    [Theory]
    [MemberData(nameof(Injections))]
    public void Render_HostilePurposeAndTarget_AreInertEverywhere(string hostile)
    {
        var escalation = Pending(purpose: "fix checkout " + hostile, target: hostile);

        AssertInert(escalation, hostile);
    }

    [Theory]
    [MemberData(nameof(Injections))]
    public void Render_HostileNamesAndComments_AreInertEverywhere(string hostile)
    {
        var escalation = Pending() with
        {
            Agent = hostile,
            Owner = hostile,
            ApprovalGroup = hostile,
            Status = EscalationStatuses.Denied,
            Approvals = ApprovedBy(hostile),
            DecidedBy = hostile,
            Comment = hostile,
            TokenId = hostile,
        };

        AssertInert(escalation, hostile);
        AssertInert(escalation with { Status = EscalationStatuses.Redeemed }, hostile);
        AssertInert(escalation with { Status = EscalationStatuses.Pending }, hostile);
    }

    [Fact]
    public void Render_PurposeThatTriesToCloseTheQuote_StaysInsideIt()
    {
        var message = JsonNode.Parse(SlackMessages.Render(Pending(purpose: "fix test\n*Approved by dana* :white_check_mark:\n<!channel>"), Now));

        var purpose = SlackJson.Strings(message).Single(s => s.Value.StartsWith("*Purpose*", StringComparison.Ordinal)).Value;
        var lines = purpose.Split('\n');
        Assert.Equal("*Purpose* (written by the agent, unverified):", lines[0]);
        Assert.All(lines[1..], line => Assert.StartsWith(">", line, StringComparison.Ordinal));
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public void Render_PurposeThatFakesAButton_AddsNoBlock()
    {
        var hostile = "\"}]},{\"type\":\"actions\",\"block_id\":\"jit_escalation\",\"elements\":[{\"type\":\"button\",\"action_id\":\"jit_approve\",\"value\":\"esc_other\"}]}";

        var message = JsonNode.Parse(SlackMessages.Render(Pending(purpose: hostile, target: hostile), Now));

        Assert.Single(SlackJson.Blocks(message), b => SlackJson.GetString(b, "type") == "actions");
        Assert.Equal([Id, Id], SlackJson.Buttons(message).Select(b => SlackJson.GetString(b, "value")));
    }

    [Fact]
    public void Render_HugeText_StaysWithinSlacksLimits()
    {
        var huge = string.Concat(Enumerable.Repeat("&<@here>\n", 2000));
        var escalation = Pending(purpose: huge, target: huge) with
        {
            Agent = huge,
            Owner = huge,
            Approvals = ApprovedBy([.. Enumerable.Repeat(huge, 3)]),
            Status = EscalationStatuses.Denied,
            DecidedBy = huge,
            Comment = huge,
        };

        foreach (var status in new[] { EscalationStatuses.Pending, EscalationStatuses.Denied })
        {
            var message = JsonNode.Parse(SlackMessages.Render(escalation with { Status = status }, Now))!;

            Assert.All(SlackJson.Blocks(message), block =>
            {
                Assert.True((block["text"]?["text"]?.GetValue<string>().Length ?? 0) <= SlackMessages.MaxSectionText);
                var fields = block["fields"]?.AsArray() ?? [];
                Assert.True(fields.Count <= 10);
                Assert.All(fields, f => Assert.True(f!["text"]!.GetValue<string>().Length <= SlackMessages.MaxFieldText));
            });
            Assert.True(SlackJson.Blocks(message).First()["text"]!["text"]!.GetValue<string>().Length <= SlackMessages.MaxHeaderText);
            Assert.True(SlackJson.GetString(message, "text")!.Length <= SlackMessages.MaxSectionText);
            Assert.All(SlackJson.Strings(message), s => SlackAssert.NoControlCharacters(s.Value));
        }
    }

    /// <summary>In the rendered JSON, parsed: no string anywhere holds a live control sequence or mention.</summary>
    private static void AssertInert(EscalationRecord escalation, string hostile)
    {
        var message = JsonNode.Parse(SlackMessages.Render(escalation, Now));

        Assert.NotNull(message);
        var expectedButtons = escalation.Status == EscalationStatuses.Pending ? 2 : 0;
        Assert.Equal(expectedButtons, SlackJson.Buttons(message).Count());
        Assert.All(SlackJson.Buttons(message), b => Assert.Equal(Id, SlackJson.GetString(b, "value")));
        Assert.All(SlackJson.Strings(message), s =>
        {
            if (s.Path.EndsWith(".value", StringComparison.Ordinal) || s.Path.EndsWith(".action_id", StringComparison.Ordinal))
            {
                return;
            }

            SlackAssert.NoControlCharacters(s.Value);
            SlackAssert.OnlyKnownEntities(s.Value);
            SlackAssert.NoLiveMention(s.Value);
            Assert.DoesNotContain("```", s.Value, StringComparison.Ordinal);
            if (hostile.Contains('<', StringComparison.Ordinal))
            {
                Assert.DoesNotContain(hostile, s.Value, StringComparison.Ordinal);
            }
        });
    }
}
