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
    /// Null when <paramref name="checkpoint"/>'s JWS is signed by a key the issuer still publishes and
    /// states the checkpoint's seq and hash; otherwise why not.
    /// </summary>
    public string? Check(AuditCheckpoint checkpoint)
    {
        var parts = checkpoint.Jws.Split('.');
        if (parts.Length != 3)
        {
            return "not a compact JWS";
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            var kid = header.RootElement.TryGetProperty("kid", out var k) ? k.GetString() : null;
            var key = keys.Current.Published.FirstOrDefault(p => p.Kid == kid);
            if (key is null)
            {
                return $"signed by key {kid}, which is no longer published";
            }

            var claims = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(parts[1]), CheckpointJsonContext.Default.CheckpointClaims);
            if (claims is null || claims.Seq != checkpoint.Seq || claims.Hash != checkpoint.Hash || claims.Iss != issuer)
            {
                return "the signed payload does not state this checkpoint";
            }

            return key.Verify(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2])) ? null : "the signature does not verify";
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return "malformed JWS";
        }
    }
}
