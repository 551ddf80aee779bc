using System.Text.Json.Nodes;

namespace JitTokens.TestSupport.Slack;

/// <summary>One POST that reached <see cref="SlackReceiver"/>, and how it was answered.</summary>
/// <param name="Path">The request path, e.g. <c>/services/T0JIT/B0JIT/…</c>.</param>
/// <param name="Kind">Webhook, response_url, or an unknown path.</param>
/// <param name="Body">The body as received (for a form post, the whole form).</param>
/// <param name="Json">The message: the JSON body (or a form's <c>payload</c>), or null when it is not JSON.</param>
/// <param name="ContentType">The request's <c>Content-Type</c>.</param>
/// <param name="StatusCode">What the receiver answered: 200 when Slack would have shown the message.</param>
/// <param name="ReceivedAt">When it arrived (the receiver's clock).</param>
public sealed record SlackPost(string Path, SlackPostKind Kind, string Body, JsonNode? Json, string? ContentType, int StatusCode, DateTimeOffset ReceivedAt)
{
    /// <summary>Slack took it: it would be in the channel (webhook) or on the clicked message (response_url).</summary>
    public bool Accepted => StatusCode is >= 200 and < 300;

    /// <summary>The message's top-level <c>text</c> (the notification fallback), if any.</summary>
    public string? Text => SlackJson.GetString(Json, "text");

    /// <summary>True when the message asks to replace the clicked one (<c>"replace_original": true</c>).</summary>
    public bool ReplacesOriginal => Json?["replace_original"] is JsonValue value && value.TryGetValue<bool>(out var replace) && replace;

    /// <summary>The <c>value</c>s of the message's buttons (the escalation ids), empty when it has none.</summary>
    public IReadOnlyList<string> ButtonValues => SlackJson.Buttons(Json).Select(b => SlackJson.GetString(b, "value") ?? "").ToArray();

    public override string ToString() => $"{Kind} {StatusCode} {Path} {(Body.Length > 300 ? Body[..300] + "…" : Body)}";
}
