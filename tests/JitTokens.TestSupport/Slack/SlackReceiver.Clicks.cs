using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace JitTokens.TestSupport.Slack;

/// <summary>The click simulator: what Slack sends to the app's interactivity URL when a button is clicked.</summary>
public sealed partial class SlackReceiver
{
    /// <summary>The issuer's interactivity endpoint (DESIGN.md §3.4).</summary>
    public const string InteractionsPath = "/v1/chat/interactions";

    public const string TimestampHeader = "X-Slack-Request-Timestamp";

    public const string SignatureHeader = "X-Slack-Signature";

    /// <summary>
    /// The form body Slack POSTs for a button click: <c>payload=</c> and the URL-encoded JSON of a
    /// <c>block_actions</c> interaction, shaped like Slack's (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload),
    /// slashes escaped as <c>\/</c> as Slack writes them.
    /// </summary>
    /// <param name="userId">Who clicked (<c>U…</c>).</param>
    /// <param name="actionId">The button's <c>action_id</c>: <c>jit_approve</c> or <c>jit_deny</c>.</param>
    /// <param name="value">The button's value: the escalation id.</param>
    /// <param name="responseUrl">Where the app may answer; usually <see cref="NewResponseUrl"/>.</param>
    /// <param name="message">The message that was clicked (e.g. a received post's <see cref="SlackPost.Json"/>); a small one by default.</param>
    /// <param name="at">When the click happened; default now.</param>
    public static string BuildClick(string userId, string actionId, string value, string responseUrl, JsonNode? message = null, DateTimeOffset? at = null)
    {
        var now = at ?? TimeProvider.System.GetUtcNow();
        var messageTs = SlackTs(now.AddMinutes(-1));
        var name = "user-" + userId.ToLowerInvariant();
        var clicked = message?.DeepClone() as JsonObject ?? new JsonObject { ["text"] = "Approval needed", ["blocks"] = new JsonArray() };
        clicked["type"] = "message";
        clicked["subtype"] = "bot_message";
        clicked["bot_id"] = "B0JIT";
        clicked["ts"] = messageTs;
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = userId, ["username"] = name, ["name"] = name, ["team_id"] = TeamId },
            ["api_app_id"] = "A0JIT",
            ["token"] = "legacyVerificationToken0",
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = "C0JIT", ["is_ephemeral"] = false },
            ["trigger_id"] = $"{RandomNumber()}.{RandomNumber()}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}",
            ["team"] = new JsonObject { ["id"] = TeamId, ["domain"] = "jit-tests" },
            ["enterprise"] = null,
            ["is_enterprise_install"] = false,
            ["channel"] = new JsonObject { ["id"] = "C0JIT", ["name"] = "jit-approvals" },
            ["message"] = clicked,
            ["state"] = new JsonObject { ["values"] = new JsonObject() },
            ["response_url"] = responseUrl,
            ["actions"] = new JsonArray(new JsonObject
            {
                ["action_id"] = actionId,
                ["block_id"] = "jit_escalation",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = actionId == "jit_deny" ? "Deny" : "Approve", ["emoji"] = true },
                ["value"] = value,
                ["style"] = actionId == "jit_deny" ? "danger" : "primary",
                ["type"] = "button",
                ["action_ts"] = SlackTs(now),
            }),
        };
        var json = payload.ToJsonString().Replace("/", "\\/", StringComparison.Ordinal);
        return "payload=" + WebUtility.UrlEncode(json);
    }

    /// <summary>Slack's signature header value: <c>v0=</c> + hex HMAC-SHA256(secret, <c>v0:{unix seconds}:{body}</c>).</summary>
    public static string Sign(string signingSecret, DateTimeOffset timestamp, string body)
        => Sign(signingSecret, UnixSeconds(timestamp), Encoding.UTF8.GetBytes(body));

    /// <summary>The same over a raw timestamp header and raw body bytes, for bodies that are not text.</summary>
    public static string Sign(string signingSecret, string timestamp, byte[] body)
    {
        var signed = Encoding.UTF8.GetBytes($"v0:{timestamp}:").Concat(body).ToArray();
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), signed));
    }

    /// <summary>
    /// The request Slack sends to <see cref="InteractionsPath"/>: the form body with its timestamp and
    /// signature headers. Change its headers to test refusals.
    /// </summary>
    public static HttpRequestMessage CreateInteraction(string signingSecret, string body, DateTimeOffset timestamp, string? signatureOverride = null)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(InteractionsPath, UriKind.Relative)) { Content = content };
        request.Headers.UserAgent.ParseAdd("Slackbot 1.0 (+https://api.slack.com/robots)");
        request.Headers.Add(TimestampHeader, UnixSeconds(timestamp));
        request.Headers.Add(SignatureHeader, signatureOverride ?? Sign(signingSecret, timestamp, body));
        return request;
    }

    /// <summary>POSTs a click to the issuer behind <paramref name="server"/> (a client whose base address is the issuer), signed with <paramref name="signingSecret"/> at <paramref name="timestamp"/>.</summary>
    public static async Task<HttpResponseMessage> PostInteractionAsync(
        HttpClient server, string signingSecret, string body, DateTimeOffset timestamp, string? signatureOverride = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var request = CreateInteraction(signingSecret, body, timestamp, signatureOverride);
        return await server.SendAsync(request, cancellationToken);
    }

    private static string UnixSeconds(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>Slack's message timestamps: seconds and microseconds, <c>1700000000.000100</c>.</summary>
    private static string SlackTs(DateTimeOffset time)
        => string.Create(CultureInfo.InvariantCulture, $"{time.ToUnixTimeSeconds()}.{time.Ticks / 10 % 1_000_000:D6}");
}
