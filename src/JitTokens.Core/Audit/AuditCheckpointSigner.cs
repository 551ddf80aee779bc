using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using JitTokens.Abstractions.Audit;
using JitTokens.Core.Keys;

namespace JitTokens.Core.Audit;

/// <summary>
/// Signs and checks checkpoints of the chain head (DESIGN.md §3.6): a compact ES256 JWS by the
/// issuer's signing key, header <c>{"alg":"ES256","typ":"jittokens-checkpoint+jwt","kid"}</c>,
/// payload <c>{"iss","seq","hash","iat"}</c>, so anyone can check it against the JWKS.
/// </summary>
internal sealed class AuditCheckpointSigner(SigningKeyRing keys, string issuer)
{
    public const string Type = "jittokens-checkpoint+jwt";

    public AuditCheckpoint Sign(AuditHead head, DateTimeOffset now)
    {
        var key = keys.Active;
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"alg":"ES256","typ":"{{Type}}","kid":"{{key.Kid}}"}"""));
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new CheckpointClaims(issuer, head.Seq, head.Hash, now.ToUnixTimeSeconds()), CheckpointJsonContext.Default.CheckpointClaims)));
        var signingInput = Encoding.ASCII.GetBytes(header + "." + payload);
        Span<byte> signature = stackalloc byte[64];
        key.Sign(signingInput, signature);
        return new AuditCheckpoint { Seq = head.Seq, Hash = head.Hash, Time = now, Jws = $"{header}.{payload}.{Base64Url.EncodeToString(signature)}" };
    }

    /// <summary>
    /// Null when <paramref name="checkpoint"/>'s JWS is an ES256 checkpoint (<see cref="Type"/>) by this issuer,
    /// states the checkpoint's seq and hash, and is signed by a key the issuer holds: published or retired, as long
    /// as its file is still in the key folder (so old checkpoints stay checkable after a rotation). Otherwise why not.
    /// <paramref name="signedAt"/> is the signed <c>iat</c>, which only means something when the answer is null.
    /// </summary>
    public string? Check(AuditCheckpoint checkpoint, out DateTimeOffset signedAt)
    {
        signedAt = default;
        var parts = checkpoint.Jws.Split('.');
        if (parts.Length != 3)
        {
            return "not a compact JWS";
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            if (header.RootElement.ValueKind != JsonValueKind.Object
                || Text(header.RootElement, "alg") != "ES256"
                || Text(header.RootElement, "typ") != Type
                || header.RootElement.TryGetProperty("crit", out _))
            {
                return $"the JWS header is not that of a checkpoint (alg ES256, typ {Type}, no crit)";
            }

            var kid = Text(header.RootElement, "kid");
            var key = keys.Known.FirstOrDefault(p => p.Kid == kid);
            if (key is null)
            {
                return $"signed by key {kid}, which this issuer no longer holds (keep retired key files in the key folder as long as the log's retention to keep their checkpoints checkable)";
            }

            var claims = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(parts[1]), CheckpointJsonContext.Default.CheckpointClaims);
            if (claims is null || claims.Seq != checkpoint.Seq || claims.Hash != checkpoint.Hash || claims.Iss != issuer)
            {
                return "the signed payload does not state this checkpoint";
            }

            if (!key.Verify(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2])))
            {
                return "the signature does not verify";
            }

            signedAt = DateTimeOffset.FromUnixTimeSeconds(claims.Iat);
            return null;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentOutOfRangeException or InvalidOperationException)
        {
            return "malformed JWS";
        }
    }

    /// <inheritdoc cref="Check(AuditCheckpoint, out DateTimeOffset)"/>
    public string? Check(AuditCheckpoint checkpoint) => Check(checkpoint, out _);

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
