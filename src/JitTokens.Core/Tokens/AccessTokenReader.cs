using System.Buffers.Text;
using System.Text;
using System.Security.Cryptography;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Core.Keys;

namespace JitTokens.Core.Tokens;

/// <summary>
/// Reads an access token this issuer minted (DESIGN.md §3.8), for revocation and introspection: a compact JWS with
/// header <c>alg</c> ES256 and <c>typ</c> at+jwt, signed by a key the issuer holds (published or retired), with this
/// issuer's <c>iss</c>. Anything else (a session token, another issuer's token, a tampered one, another algorithm)
/// reads as null: callers treat it as a token they do not know. Lifetime is the caller's to judge.
/// </summary>
internal sealed class AccessTokenReader(SigningKeyRing keys, AccessTokenMinter minter)
{
    /// <summary>Access tokens are far shorter; anything longer is not one of ours, and is not parsed.</summary>
    public const int MaxLength = 8192;

    public VerifiedAccessToken? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            return null;
        }

        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using (var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])))
            {
                var h = header.RootElement;
                if (h.ValueKind != JsonValueKind.Object || Text(h, "alg") != "ES256" || Text(h, "typ") != JitClaimNames.AccessTokenType || h.TryGetProperty("crit", out _))
                {
                    return null;
                }

                var kid = Text(h, "kid");
                var key = keys.Known.FirstOrDefault(k => k.Kid == kid);
                if (key is null || !key.Verify(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2])))
                {
                    return null;
                }
            }

            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var p = payload.RootElement;
            if (p.ValueKind != JsonValueKind.Object || Text(p, JitClaimNames.Issuer) != minter.Issuer
                || Text(p, JitClaimNames.JwtId) is not { Length: > 0 } jti
                || Text(p, JitClaimNames.SessionId) is not { Length: > 0 } sid
                || Number(p, JitClaimNames.Expires) is not { } exp
                || Number(p, JitClaimNames.IssuedAt) is not { } iat)
            {
                return null;
            }

            return new VerifiedAccessToken
            {
                TokenId = jti,
                SessionId = sid,
                Subject = Text(p, JitClaimNames.Subject),
                ClientId = Text(p, JitClaimNames.ClientId),
                Audience = Text(p, JitClaimNames.Audience),
                Environment = Text(p, JitClaimNames.Environment),
                Scope = Text(p, JitClaimNames.Scope),
                Target = Text(p, JitClaimNames.Target),
                Use = Text(p, JitClaimNames.Use),
                IssuedAt = iat,
                NotBefore = Number(p, JitClaimNames.NotBefore) ?? iat,
                Expires = exp,
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;
}
