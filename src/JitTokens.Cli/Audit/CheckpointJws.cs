using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace JitTokens.Cli.Audit;

/// <summary>
/// Verifies a checkpoint's compact JWS (RFC 7515 §7.1) offline: header
/// <c>{"alg":"ES256","typ":"jittokens-checkpoint+jwt","kid"}</c>, payload <c>{"iss","seq","hash","iat"}</c>,
/// an ES256 signature (RFC 7518 §3.4: SHA-256, the 64-byte R‖S) over <c>header.payload</c> as sent.
/// Anything else (another alg, another typ, <c>crit</c>, a kid the keys do not hold) is refused.
/// </summary>
internal static class CheckpointJws
{
    public const string Type = "jittokens-checkpoint+jwt";
    private const int SignatureBytes = 64;

    public static bool TryVerify(string jws, CheckpointKeys keys, [NotNullWhen(true)] out SignedCheckpoint? checkpoint, [NotNullWhen(false)] out string? problem)
    {
        checkpoint = null;
        var parts = jws.Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0 || !Base64Url.IsValid(p)))
        {
            problem = "the jws is not a compact JWS (three base64url parts)";
            return false;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]), StrictJson.Document);
            problem = CheckHeader(header.RootElement, out var kid);
            if (problem is not null)
            {
                return false;
            }

            using (var key = keys.Find(kid!))
            {
                if (key is null)
                {
                    problem = $"signed by key {kid}, which the JWKS does not hold";
                    return false;
                }

                var signature = Base64Url.DecodeFromChars(parts[2]);
                if (signature.Length != SignatureBytes
                    || !key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
                {
                    problem = $"the signature does not verify with key {kid}";
                    return false;
                }
            }

            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]), StrictJson.Document);
            checkpoint = Claims(payload.RootElement, kid!);
            problem = checkpoint is null ? "the signed payload is not {\"iss\",\"seq\",\"hash\",\"iat\"}" : null;
            return checkpoint is not null;
        }
        catch (JsonException)
        {
            problem = "the jws header or payload is not JSON";
            return false;
        }
    }

    private static string? CheckHeader(JsonElement header, out string? kid)
    {
        kid = null;
        if (header.ValueKind != JsonValueKind.Object)
        {
            return "the jws header is not a JSON object";
        }

        if (Text(header, "alg") is not "ES256")
        {
            return $"the jws is signed with alg {Text(header, "alg") ?? "(none)"}, not ES256";
        }

        if (Text(header, "typ") is not Type)
        {
            return $"the jws has typ {Text(header, "typ") ?? "(none)"}, not {Type}: it is not a checkpoint";
        }

        if (header.TryGetProperty("crit", out _))
        {
            // RFC 7515 §4.1.11: extensions named in crit must be understood; a checkpoint has none.
            return "the jws header has crit extensions this verifier does not understand";
        }

        kid = Text(header, "kid");
        return kid is { Length: > 0 } ? null : "the jws header names no kid";
    }

    private static SignedCheckpoint? Claims(JsonElement payload, string kid)
        => payload.ValueKind == JsonValueKind.Object
           && Text(payload, "iss") is { } iss
           && Integer(payload, "seq") is { } seq
           && Text(payload, "hash") is { } hash
           && Integer(payload, "iat") is { } iat
           && iat is >= 0 and <= 253_402_300_799
            ? new SignedCheckpoint(iss, seq, hash, DateTimeOffset.FromUnixTimeSeconds(iat), kid)
            : null;

    private static string? Text(JsonElement o, string name)
        => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Integer(JsonElement o, string name)
        => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;
}
