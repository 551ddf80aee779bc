using System.Text.Json.Nodes;

namespace JitTokens.TestSupport.Slack;

/// <summary>Reading Slack message JSON in tests without caring about its exact nesting.</summary>
public static class SlackJson
{
    /// <summary>The string member <paramref name="name"/> of <paramref name="node"/>, or null.</summary>
    public static string? GetString(JsonNode? node, string name)
        => node is JsonObject o && o[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>Every string value in the document, anywhere, with its path (<c>$.blocks[2].text.text</c>): what Slack could render.</summary>
    public static IEnumerable<(string Path, string Value)> Strings(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var property in o)
                {
                    foreach (var item in Strings(property.Value))
                    {
                        yield return item;
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    foreach (var item in Strings(child))
                    {
                        yield return item;
                    }
                }

                break;
            case JsonValue v when v.TryGetValue<string>(out var text):
                yield return (v.GetPath(), text);
                break;
        }
    }

    /// <summary>The blocks of a message (<c>blocks[]</c>), empty when it has none.</summary>
    public static IEnumerable<JsonObject> Blocks(JsonNode? message)
        => message?["blocks"] is JsonArray blocks ? blocks.OfType<JsonObject>() : [];

    /// <summary>Every button element in the message's actions blocks.</summary>
    public static IEnumerable<JsonObject> Buttons(JsonNode? message)
        => Blocks(message)
            .Where(b => GetString(b, "type") == "actions")
            .SelectMany(b => b["elements"] is JsonArray elements ? elements.OfType<JsonObject>() : [])
            .Where(e => GetString(e, "type") == "button");
}
