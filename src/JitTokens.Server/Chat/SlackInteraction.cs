using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace JitTokens.Server.Chat;

/// <summary>
/// The parts of a Slack <c>block_actions</c> interaction payload JitTokens uses (DESIGN.md §3.4):
/// form-encoded <c>payload=&lt;json&gt;</c>. Parsed only after the signature was verified.
/// </summary>
internal sealed record SlackInteraction(string Type, string UserId, string? ActionId, string? Value, string? ResponseUrl)
{
    /// <summary>Null when the body is not a form with a JSON <c>payload</c> naming a user.</summary>
    public static SlackInteraction? Parse(string formBody)
    {
        var form = QueryHelpers.ParseQuery(formBody);
        if (!form.TryGetValue("payload", out var payloads) || payloads.Count != 1 || string.IsNullOrEmpty(payloads[0]))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(payloads[0]!, new JsonDocumentOptions { MaxDepth = 64 });
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "type") is not { } type
                || !root.TryGetProperty("user", out var user) || user.ValueKind != JsonValueKind.Object
                || Text(user, "id") is not { } userId)
            {
                return null;
            }

            string? actionId = null, value = null;
            if (root.TryGetProperty("actions", out var actions) && actions.ValueKind == JsonValueKind.Array && actions.GetArrayLength() > 0
                && actions[0].ValueKind == JsonValueKind.Object)
            {
                actionId = Text(actions[0], "action_id");
                value = Text(actions[0], "value");
            }

            return new SlackInteraction(type, userId, actionId, value, Text(root, "response_url"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Slack user ids: letters and digits (U…, W…).</summary>
    public bool HasValidUserId => UserId.Length is > 0 and <= 64 && UserId.All(char.IsAsciiLetterOrDigit);

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
