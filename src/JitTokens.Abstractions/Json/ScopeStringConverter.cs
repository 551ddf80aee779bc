using System.Text.Json;
using System.Text.Json.Serialization;

namespace JitTokens.Abstractions.Json;

/// <summary>
/// Reads <c>scope</c> as a string. An array of two or more scopes is joined with spaces so that
/// the policy answers "more than one scope" with <c>invalid_scope</c> (DESIGN.md §3.2) rather than
/// a generic JSON error; any other array is a type error (<c>invalid_request</c>).
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

        if (parts.Count < 2)
        {
            throw new JsonException("scope must be a string");
        }

        // Two entries always read as "more than one", even when one of them is empty.
        return string.Join(' ', parts.Select(p => p.Length == 0 ? "\"\"" : p));
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
        => writer.WriteStringValue(value);
}
