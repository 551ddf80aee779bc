using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using JitTokens.Core.Escalations;

namespace JitTokens.Server.Chat;

/// <summary>
/// The Slack messages JitTokens sends (DESIGN.md §3.4), as UTF-8 JSON: an escalation with its
/// Approve / Deny buttons while it is pending, its outcome once it is final, and short replies to
/// the one person who clicked. Trusted values (from the catalog and the session) are structured
/// fields; the agent's purpose and target are quoted apart and marked as the agent's words.
/// Every dynamic value goes through <see cref="SlackText"/>.
/// </summary>
/// <remarks>Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks): section text 3000 characters, at most 10 fields of 2000, header 150.</remarks>
internal static class SlackMessages
{
    public const int MaxSectionText = 3000;
    public const int MaxFieldText = 2000;
    public const int MaxHeaderText = 150;

    /// <summary>
    /// The JSON goes to Slack, never into HTML, so <c>&amp;lt;</c> is written as itself rather than
    /// <c>\u0026lt;</c>: what is logged or captured reads as what Slack gets. Escaping for Slack is
    /// <see cref="SlackText"/>'s job; the writer still escapes what JSON requires.
    /// </summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Renders <paramref name="escalation"/> as it stands at <paramref name="now"/>: a pending one past its expiry shows as expired.</summary>
    /// <param name="escalation">The escalation as stored.</param>
    /// <param name="now">The current time, from the server's <see cref="TimeProvider"/>.</param>
    /// <param name="replaceOriginal">True when posting to a <c>response_url</c>, to replace the message that was clicked.</param>
    public static string Render(EscalationRecord escalation, DateTimeOffset now, bool replaceOriginal = false)
    {
        var status = escalation.ToView(now).Status;
        var outcome = SlackOutcome.Describe(escalation, status);
        var subject = $"{SlackText.EscapeLine(escalation.Scope)} in {SlackText.EscapeLine(escalation.Environment)}";
        return Write(json =>
        {
            if (replaceOriginal)
            {
                json.WriteBoolean("replace_original", true);
            }

            json.WriteString("text", Fallback(escalation, subject, outcome));
            json.WriteStartArray("blocks");
            WriteHeader(json, $"{SlackOutcome.Title(status)}: {subject}");
            WriteFields(json, escalation);
            WriteSection(json, "*Purpose* (written by the agent, unverified):\n" + SlackText.Quote(escalation.Purpose));
            if (!string.IsNullOrWhiteSpace(escalation.Target))
            {
                WriteSection(json, "*Target* (written by the agent, unverified):\n" + SlackText.Quote(escalation.Target));
            }

            var id = SlackText.EscapeLine(escalation.Id);
            if (outcome is null)
            {
                WriteButtons(json, escalation.Id);
                WriteContext(json, $"`{id}` · or from a terminal: `jit approve {id}` / `jit deny {id}`");
            }
            else
            {
                WriteSection(json, $"{SlackOutcome.Emoji(status)} {outcome}");
                WriteContext(json, $"`{id}`");
            }

            json.WriteEndArray();
        });
    }

    /// <summary>An ephemeral answer to the one person who clicked (through <c>response_url</c>), leaving the message as it is.</summary>
    public static string Reply(string text) => Write(json =>
    {
        json.WriteString("response_type", "ephemeral");
        json.WriteBoolean("replace_original", false);
        json.WriteString("text", SlackText.Truncate(SlackText.Escape(text), MaxSectionText));
    });

    /// <summary>
    /// The notification text (and what clients without blocks show). It carries no agent-written
    /// text: notifications are where a crafted purpose would be read without its context.
    /// </summary>
    private static string Fallback(EscalationRecord e, string subject, string? outcome)
    {
        var who = $"agent {SlackText.EscapeLine(e.Agent)} (owner {SlackText.EscapeLine(e.Owner)}), {SlackText.EscapeLine(e.Id)}";
        return SlackText.Truncate(outcome is null ? $"Approval needed: {subject} for {who}" : $"{outcome} · {subject} for {who}", MaxSectionText);
    }

    private static void WriteFields(Utf8JsonWriter json, EscalationRecord e)
    {
        var approvers = string.Join(", ", e.Approvals.Select(a => SlackText.EscapeLine(a.By)));
        var approvals = $"{e.Approvals.Length} of {e.ApprovalsRequired} from group {SlackText.EscapeLine(e.ApprovalGroup)}"
            + (approvers.Length > 0 ? ": " + approvers : "");
        json.WriteStartObject();
        json.WriteString("type", "section");
        json.WriteStartArray("fields");
        WriteField(json, "Agent", SlackText.EscapeLine(e.Agent));
        WriteField(json, "Owner", SlackText.EscapeLine(e.Owner));
        WriteField(json, "Scope", SlackText.EscapeLine(e.Scope));
        WriteField(json, "Environment", SlackText.EscapeLine(e.Environment));
        WriteField(json, "TTL", SlackOutcome.Duration(e.TtlSeconds));
        WriteField(json, "Approvals", approvals);
        WriteField(json, "Expires", e.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteField(Utf8JsonWriter json, string label, string mrkdwn)
        => WriteText(json, "mrkdwn", SlackText.Truncate($"*{label}*\n{mrkdwn}", MaxFieldText));

    private static void WriteHeader(Utf8JsonWriter json, string text)
    {
        json.WriteStartObject();
        json.WriteString("type", "header");
        json.WritePropertyName("text");
        WriteText(json, "plain_text", SlackText.Truncate(text, MaxHeaderText));
        json.WriteEndObject();
    }

    private static void WriteSection(Utf8JsonWriter json, string mrkdwn)
    {
        json.WriteStartObject();
        json.WriteString("type", "section");
        json.WritePropertyName("text");
        WriteText(json, "mrkdwn", SlackText.Truncate(mrkdwn, MaxSectionText));
        json.WriteEndObject();
    }

    private static void WriteContext(Utf8JsonWriter json, string mrkdwn)
    {
        json.WriteStartObject();
        json.WriteString("type", "context");
        json.WriteStartArray("elements");
        WriteText(json, "mrkdwn", SlackText.Truncate(mrkdwn, MaxSectionText));
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The actions block exactly as DESIGN.md §3.4 names it; the value is the escalation id.</summary>
    private static void WriteButtons(Utf8JsonWriter json, string escalationId)
    {
        json.WriteStartObject();
        json.WriteString("type", "actions");
        json.WriteString("block_id", SlackActions.BlockId);
        json.WriteStartArray("elements");
        WriteButton(json, SlackActions.Approve, "primary", escalationId, "Approve");
        WriteButton(json, SlackActions.Deny, "danger", escalationId, "Deny");
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteButton(Utf8JsonWriter json, string actionId, string style, string value, string text)
    {
        json.WriteStartObject();
        json.WriteString("type", "button");
        json.WriteString("action_id", actionId);
        json.WriteString("style", style);
        json.WriteString("value", value);
        json.WritePropertyName("text");
        WriteText(json, "plain_text", text);
        json.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter json, string type, string text)
    {
        json.WriteStartObject();
        json.WriteString("type", type);
        json.WriteString("text", text);
        if (type == "mrkdwn")
        {
            // Everything is escaped already; verbatim stops Slack turning bare URLs and #channels in agent text into links.
            json.WriteBoolean("verbatim", true);
        }

        json.WriteEndObject();
    }

    private static string Write(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            members(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
