using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace JitTokens.Abstractions.Json;

/// <summary>
/// Writes timestamps as RFC 3339 UTC (<c>2026-11-22T10:00:00Z</c>, or with milliseconds when
/// they are not zero); reads any RFC 3339 timestamp.
/// </summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            throw new JsonException("expected an RFC 3339 timestamp");
        }

        return value;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Format(value));
    }

    /// <summary>Formats <paramref name="value"/> as RFC 3339 UTC.</summary>
    public static string Format(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return utc.Millisecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
