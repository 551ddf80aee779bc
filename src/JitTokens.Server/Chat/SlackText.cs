using System.Text;

namespace JitTokens.Server.Chat;

/// <summary>
/// Makes untrusted text (an agent's purpose and target, names, comments) safe to show in Slack
/// <c>mrkdwn</c>: it can then neither mention nor ping anyone, inject a link or control sequence,
/// nor escape the quote it is shown in. What a reader sees stays the text that was written.
/// </summary>
/// <remarks>
/// Slack's "Escaping text" (https://docs.slack.dev/messaging/formatting-message-text#escaping):
/// only <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> are control characters and must be replaced by
/// their HTML entities; everything between <c>&lt;</c> and <c>&gt;</c> (<c>&lt;!channel&gt;</c>,
/// <c>&lt;@U123&gt;</c>, <c>&lt;https://x|y&gt;</c>) is otherwise a mention or a link. With
/// <c>link_names</c>, plain <c>@channel</c> or <c>@team-handle</c> also notify: a WORD JOINER
/// (U+2060, invisible) after the <c>@</c> keeps them from being recognised.
/// </remarks>
internal static class SlackText
{
    /// <summary>U+2060: invisible, and not part of a word, so <c>@&#x2060;here</c> no longer matches a mention.</summary>
    public const char WordJoiner = '\u2060';

    /// <summary>Shown instead of control and bidirectional-override characters, so hidden tampering becomes visible.</summary>
    public const char Replacement = '\uFFFD';

    private const string Ellipsis = "…";

    private static readonly string[] SpecialMentions = ["here", "channel", "everyone"];

    /// <summary>
    /// Escapes <paramref name="text"/> for mrkdwn: <c>&amp; &lt; &gt;</c> become entities, mentions are
    /// neutralised, code fences broken, line breaks normalised to <c>\n</c>, and control or
    /// bidirectional-override characters replaced by U+FFFD.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n': break;
                case '\r' or '\n' or '\v' or '\f' or '\u0085' or '\u2028' or '\u2029': builder.Append('\n'); break;
                case '\t': builder.Append('\t'); break;
                case '@':
                    builder.Append('@');
                    if (IsMention(text, i))
                    {
                        builder.Append(WordJoiner);
                    }

                    break;
                case '`':
                    builder.Append('`');
                    // Three backticks open a preformatted block that would swallow the quote's markers.
                    if (i + 1 < text.Length && text[i + 1] == '`')
                    {
                        builder.Append(WordJoiner);
                    }

                    break;
                case >= '\uD800' and <= '\uDBFF' when i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]):
                    builder.Append(c).Append(text[++i]);
                    break;
                default:
                    builder.Append(IsHidden(c) ? Replacement : c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Like <see cref="Escape"/>, for a value shown within a line: line breaks become spaces.</summary>
    public static string EscapeLine(string? text) => Escape(text).Replace('\n', ' ');

    /// <summary>
    /// Escapes <paramref name="text"/> and shows it as a block quote: every line starts with <c>&gt;</c>,
    /// and as the escaped text holds no <c>&gt;</c> of its own, nothing can end the quote early.
    /// </summary>
    public static string Quote(string? text) => ">" + Escape(text).Replace("\n", "\n>", StringComparison.Ordinal);

    /// <summary>
    /// Cuts already escaped mrkdwn to at most <paramref name="maxLength"/> characters, ending with "…",
    /// never inside an entity or a surrogate pair and never after a line break (which would put the
    /// ellipsis outside a quote).
    /// </summary>
    public static string Truncate(string mrkdwn, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, Ellipsis.Length + 1);
        if (mrkdwn.Length <= maxLength)
        {
            return mrkdwn;
        }

        var cut = maxLength - Ellipsis.Length;
        if (char.IsLowSurrogate(mrkdwn[cut]))
        {
            cut--;
        }

        var entity = cut > 0 ? mrkdwn.LastIndexOf('&', cut - 1, Math.Min(cut, "&amp;".Length - 1)) : -1;
        if (entity >= 0 && mrkdwn.IndexOf(';', entity, cut - entity) < 0)
        {
            cut = entity;
        }

        return string.Concat(mrkdwn.AsSpan(0, cut).TrimEnd('\n'), Ellipsis);
    }

    /// <summary>
    /// An <c>@</c> that Slack could read as a mention: a special one (<c>@here</c>, <c>@channel</c>,
    /// <c>@everyone</c>, any case, anywhere) or a handle at the start of a word (<c>@dba-oncall</c>).
    /// Mail addresses (<c>ops@example.com</c>) are left alone: copying them must give the real text.
    /// </summary>
    private static bool IsMention(string text, int at)
    {
        var rest = text.AsSpan(at + 1);
        foreach (var special in SpecialMentions)
        {
            if (rest.StartsWith(special, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        var startsWord = at == 0 || !(char.IsLetterOrDigit(text[at - 1]) || text[at - 1] is '.' or '_' or '-' or '+');
        return startsWord && rest.Length > 0 && (char.IsLetterOrDigit(rest[0]) || rest[0] is '_' or '.' or '-');
    }

    /// <summary>
    /// Control characters, lone surrogates (not text, and not encodable), and the bidirectional
    /// overrides and isolates that can make text read differently from what it is.
    /// </summary>
    private static bool IsHidden(char c)
        => char.IsControl(c) || char.IsSurrogate(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
