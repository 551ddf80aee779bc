using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace JitTokens.Validation.Tests.Support;

/// <summary>Builds compact JWS tokens by hand, so tests can sign exactly the header and claims a case needs.</summary>
public static class TokenForge
{
    /// <summary>A header as the issuer writes it (<c>ES256</c>, <c>at+jwt</c>), with <paramref name="kid"/>.</summary>
    public static JsonObject Header(string kid, string alg = "ES256", string typ = "at+jwt")
        => new() { ["alg"] = alg, ["typ"] = typ, ["kid"] = kid };

    /// <summary>Claims of a valid access token for <paramref name="environment"/> (DESIGN.md §3.8), valid for five minutes.</summary>
    public static JsonObject Claims(string issuer, string audience, string environment, string scope = "db:read")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["iss"] = issuer,
            ["sub"] = "alice",
            ["act"] = new JsonObject { ["sub"] = "cursor-42" },
            ["client_id"] = "cursor-42",
            ["aud"] = audience,
            ["env"] = environment,
            ["scope"] = scope,
            ["jti"] = "tok_forged_" + Guid.NewGuid().ToString("N"),
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 300,
            ["sid"] = "ses_forged_" + Guid.NewGuid().ToString("N"),
            ["purpose"] = "forged by a test",
        };
    }

    /// <summary>Signs with an EC key (ES256: SHA-256, r||s as RFC 7518 §3.4 wants).</summary>
    public static string SignEs256(ECDsa key, JsonObject header, JsonObject claims)
    {
        var input = Encode(header) + "." + Encode(claims);
        return input + "." + Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256));
    }

    /// <summary>Signs with HMAC-SHA256 (HS256), whatever the header says.</summary>
    public static string SignHs256(byte[] secret, JsonObject header, JsonObject claims)
    {
        var input = Encode(header) + "." + Encode(claims);
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>An unsecured JWT (<c>alg: none</c>, RFC 7519 §6): empty signature.</summary>
    public static string SignNone(JsonObject header, JsonObject claims) => Encode(header) + "." + Encode(claims) + ".";

    /// <summary>The JOSE header of a token.</summary>
    public static JsonObject HeaderOf(string jwt) => JsonNode.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[0]))!.AsObject();

    /// <summary>The claims of a real token, to change one and sign again or splice.</summary>
    public static JsonObject ClaimsOf(string jwt) => JsonNode.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[1]))!.AsObject();

    /// <summary><paramref name="jwt"/> with its payload replaced by <paramref name="claims"/> and its original signature kept.</summary>
    public static string WithClaims(string jwt, JsonObject claims)
    {
        var parts = jwt.Split('.');
        return parts[0] + "." + Encode(claims) + "." + parts[2];
    }

    private static string Encode(JsonNode node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(node.ToJsonString()));
}
