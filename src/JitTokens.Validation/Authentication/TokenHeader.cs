using System.Buffers.Text;
using System.Text.Json;

namespace JitTokens.Validation.Authentication;

/// <summary>
/// The JOSE header of a compact JWS (RFC 7515 §7.1), read before validation so a token with the
/// wrong algorithm or type gets a precise answer and an unknown <c>kid</c> can trigger a key
/// refresh first. Validation checks every one of these again.
/// </summary>
internal readonly record struct TokenHeader(string? Alg, string? Typ, string? Kid)
{
    /// <summary>Longest header accepted: JitTokens headers are under 150 bytes.</summary>
    private const int MaxHeaderChars = 2048;

    public static bool TryRead(string token, out TokenHeader header)
    {
        header = default;
        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || first > MaxHeaderChars || second < 0 || token.IndexOf('.', second + 1) >= 0)
        {
            return false;
        }

        var encoded = token.AsSpan(0, first);
        if (!Base64Url.IsValid(encoded))
        {
            return false;
        }

        var bytes = new byte[Base64Url.GetMaxDecodedLength(encoded.Length)];
        if (!Base64Url.TryDecodeFromChars(encoded, bytes, out var length))
        {
            return false;
        }

        try
        {
            using var json = JsonDocument.Parse(bytes.AsMemory(0, length));
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            header = new TokenHeader(Text(json.RootElement, "alg"), Text(json.RootElement, "typ"), Text(json.RootElement, "kid"));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Text(JsonElement header, string name)
        => header.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
