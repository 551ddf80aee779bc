using System.Text.Json;
using System.Text.Json.Serialization;

namespace JitTokens.Abstractions.Json;

/// <summary>
/// Reads <c>scope</c> as a string; an array of scopes is joined with spaces so that the policy
/// answers "more than one scope" with <c>invalid_scope</c> (DESIGN.md §3.2) rather than a
/// generic JSON error.
/// </summary>
internal sealed class ScopeStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("scope must be a string");
        }

        var parts = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("scope must be a string");
            }

            parts.Add(reader.GetString() ?? string.Empty);
        }

        // Two entries always read as "more than one", even when one of them is empty.
        return parts.Count == 1 ? parts[0] : string.Join(' ', parts.Select(p => p.Length == 0 ? "\"\"" : p));
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
        => writer.WriteStringValue(value);
}
