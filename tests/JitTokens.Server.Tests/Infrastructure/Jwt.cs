using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace JitTokens.Server.Tests.Infrastructure;

/// <summary>Reads a compact JWT's header and payload without validating it.</summary>
internal static class Jwt
{
    public static JsonElement Header(string jwt) => Part(jwt, 0);

    public static JsonElement Payload(string jwt) => Part(jwt, 1);

    public static string[] ClaimNames(string jwt) => [.. Payload(jwt).EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private static JsonElement Part(string jwt, int index)
    {
        var segments = jwt.Split('.');
        Assert.Equal(3, segments.Length);
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(segments[index])));
        return document.RootElement.Clone();
    }
}
