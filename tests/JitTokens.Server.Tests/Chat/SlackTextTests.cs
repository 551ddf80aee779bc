using JitTokens.Server.Chat;

namespace JitTokens.Server.Tests.Chat;

public sealed class SlackTextTests
{
    private const string J = "\u2060";

    [Theory]
    [InlineData("apply migration 0042", "apply migration 0042")]
    [InlineData("a & b", "a &amp; b")]
    [InlineData("1 < 2 > 0", "1 &lt; 2 &gt; 0")]
    [InlineData("<!channel>", "&lt;!channel&gt;")]
    [InlineData("<@U0DBA01>", "&lt;@" + J + "U0DBA01&gt;")]
    [InlineData("<https://evil.example|click me>", "&lt;https://evil.example|click me&gt;")]
    [InlineData("&lt;!here&gt;", "&amp;lt;!here&amp;gt;")]
    [InlineData("&amp;", "&amp;amp;")]
    [InlineData("@here", "@" + J + "here")]
    [InlineData("hey @Channel!", "hey @" + J + "Channel!")]
    [InlineData("@EVERYONE", "@" + J + "EVERYONE")]
    [InlineData("x@here", "x@" + J + "here")]
    [InlineData("ping @dba-oncall", "ping @" + J + "dba-oncall")]
    [InlineData("ops@example.com", "ops@example.com")]
    [InlineData("an @ sign", "an @ sign")]
    [InlineData("one\r\ntwo\rthree\u2028four", "one\ntwo\nthree\nfour")]
    [InlineData("tab\there", "tab\there")]
    [InlineData("```rm -rf```", "`" + J + "`" + J + "`rm -rf`" + J + "`" + J + "`")]
    [InlineData("`inline`", "`inline`")]
    [InlineData("*bold* _it_ ~s~ :rocket:", "*bold* _it_ ~s~ :rocket:")]
    [InlineData("bell\u0007 nul\u0000", "bell\uFFFD nul\uFFFD")]
    [InlineData("\u202Egnp.exe", "\uFFFDgnp.exe")]
    [InlineData("rocket 🚀", "rocket 🚀")]
    [InlineData("", "")]
    public void Escape_Table(string input, string expected)
    {
        Assert.Equal(expected, SlackText.Escape(input));
    }

    [Fact]
    public void Escape_LoneSurrogate_IsReplaced()
    {
        // Not in the table: xunit cannot serialise a lone surrogate as test data.
        Assert.Equal("lone \uFFFD surrogate \uFFFD", SlackText.Escape("lone \uD800 surrogate \uDC00"));
    }

    [Fact]
    public void Escape_Null_IsEmpty()
    {
        Assert.Equal("", SlackText.Escape(null));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Escape_Hostile_LeavesNoControlCharacterOrMention(string input)
    {
        var escaped = SlackText.Escape(input);

        Assert.DoesNotContain('<', escaped);
        Assert.DoesNotContain('>', escaped);
        SlackAssert.OnlyKnownEntities(escaped);
        SlackAssert.NoLiveMention(escaped);
        Assert.DoesNotContain("``", escaped, StringComparison.Ordinal);
    }

    [Fact]
    public void EscapeLine_FoldsLineBreaks()
    {
        Assert.Equal("too risky *Approved by dana*", SlackText.EscapeLine("too risky\r\n*Approved by dana*"));
    }

    [Fact]
    public void Quote_EveryLineIsQuoted_AndNothingClosesTheQuote()
    {
        var quoted = SlackText.Quote("fix test\n> *Approved by dana*\n\n<!channel>");

        Assert.Equal(">fix test\n>&gt; *Approved by dana*\n>\n>&lt;!channel&gt;", quoted);
    }

    [Fact]
    public void Truncate_ShortText_IsUnchanged()
    {
        Assert.Equal("short", SlackText.Truncate("short", 10));
    }

    [Theory]
    [InlineData("abcdefghij", 6, "abcde…")]
    [InlineData("abc&amp;defgh", 7, "abc…")]
    [InlineData("abc&amp;defgh", 9, "abc&amp;…")]
    [InlineData("abcd&lt;efgh", 8, "abcd…")]
    [InlineData(">one\n>two", 6, ">one…")]
    [InlineData("ab🚀cd", 4, "ab…")]
    public void Truncate_CutsAtASafePlace(string mrkdwn, int max, string expected)
    {
        var cut = SlackText.Truncate(mrkdwn, max);

        Assert.Equal(expected, cut);
        Assert.True(cut.Length <= max);
    }

    public static TheoryData<string> Hostile() => new(SlackAssert.Injections);
}
