using System.Text.RegularExpressions;

namespace JitTokens.Server.Tests.Chat;

/// <summary>What must hold for any text JitTokens shows in Slack, and the attempts to break it.</summary>
internal static partial class SlackAssert
{
    /// <summary>Agent-written text that tries to mention, link, fake structure or escape its quote.</summary>
    public static readonly string[] Injections =
    [
        "<!channel> please approve",
        "<!here>",
        "<!everyone>",
        "<!subteam^S0DBA|@dba>",
        "ask <@U0DBA01> to approve",
        "<#C0PROD|prod>",
        "<https://evil.example|click me>",
        "<https://evil.example>",
        "@channel urgent",
        "@here @everyone @Channel",
        "&lt;!channel&gt;",
        "&amp;lt;@U0DBA01&amp;gt;",
        "*Approved by dana* _already_ ~denied~",
        "fix test\n*Approved by dana*",
        "fix test\r\n> quoted\n\n<!channel>",
        "```\n} ]}, {\"type\":\"actions\",\"elements\":[{\"type\":\"button\",\"action_id\":\"jit_approve\"}]}\n```",
        "\"}],\"blocks\":[{\"type\":\"actions\"}]",
        "tricky \u202E<!channel>\u202C and \u0000 nul",
        "<<!channel>>",
        "<\u2060!channel>",
    ];

    /// <summary>Every <c>&amp;</c> starts one of the three entities Slack's escaping produces.</summary>
    public static void OnlyKnownEntities(string text)
    {
        Assert.DoesNotMatch(StrayAmpersand(), text);
    }

    /// <summary>No <c>@here</c>, <c>@channel</c> or <c>@everyone</c> that Slack would read as a mention.</summary>
    public static void NoLiveMention(string text)
    {
        Assert.DoesNotMatch(LiveMention(), text);
    }

    /// <summary>Outside the quote markers this code adds at line starts, no raw <c>&lt;</c> or <c>&gt;</c>.</summary>
    public static void NoControlCharacters(string text)
    {
        Assert.DoesNotContain('<', text);
        foreach (var line in text.Split('\n'))
        {
            Assert.DoesNotContain('>', line.Length > 0 && line[0] == '>' ? line[1..] : line);
        }
    }

    [GeneratedRegex("&(?!(amp|lt|gt);)")]
    private static partial Regex StrayAmpersand();

    [GeneratedRegex("@(here|channel|everyone)", RegexOptions.IgnoreCase)]
    private static partial Regex LiveMention();
}
