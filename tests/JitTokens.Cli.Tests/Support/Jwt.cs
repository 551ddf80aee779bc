using System.Buffers.Text;
using System.Text.Json;

namespace JitTokens.Cli.Tests.Support;

/// <summary>Reads a compact JWS without validating it: enough to see which claims jit asked for.</summary>
public static class Jwt
{
    public static bool IsCompactJws(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 3 && parts.All(p => p.Length > 0 && Base64Url.IsValid(p));
    }

    public static JsonElement Header(string jwt) => Part(jwt, 0);

    public static JsonElement Payload(string jwt) => Part(jwt, 1);

    private static JsonElement Part(string jwt, int index)
        => JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[index])).RootElement.Clone();
}
