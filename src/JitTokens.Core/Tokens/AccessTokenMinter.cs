using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Core.Keys;

namespace JitTokens.Core.Tokens;

/// <summary>
/// Mints RFC 9068 JWT access tokens signed ES256 with the ring's active key. Hand-written
/// rather than through a JWT library because this is the hot path: one small JSON write, two
/// base64url encodes and one ECDSA signature, with buffers reused per thread.
/// </summary>
internal sealed class AccessTokenMinter(SigningKeyRing keys, string issuer)
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_payload;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public string Issuer { get; } = issuer;

    public string Mint(in AccessTokenClaims claims)
    {
        var key = keys.Active;
        var payload = t_payload ??= new ArrayBufferWriter<byte>(1024);
        payload.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(payload);
        writer.Reset(payload);
        WritePayload(writer, claims);
        writer.Flush();

        var header = key.HeaderSegment;
        var payloadLength = Base64Url.GetEncodedLength(payload.WrittenCount);
        var total = header.Length + 1 + payloadLength + 1 + Base64Url.GetEncodedLength(64);
        var rented = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var buffer = rented.AsSpan();
            header.CopyTo(buffer);
            var at = header.Length;
            buffer[at++] = (byte)'.';
            at += Base64Url.EncodeToUtf8(payload.WrittenSpan, buffer[at..]);
            Span<byte> signature = stackalloc byte[64];
            key.Sign(buffer[..at], signature);
            buffer[at++] = (byte)'.';
            at += Base64Url.EncodeToUtf8(signature, buffer[at..]);
            return Encoding.ASCII.GetString(buffer[..at]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void WritePayload(Utf8JsonWriter w, in AccessTokenClaims c)
    {
        w.WriteStartObject();
        w.WriteString(JitClaimNames.Issuer, Issuer);
        w.WriteString(JitClaimNames.Subject, c.Owner);
        w.WriteStartObject(JitClaimNames.Actor);
        w.WriteString(JitClaimNames.Subject, c.Agent);
        w.WriteEndObject();
        w.WriteString(JitClaimNames.ClientId, c.Agent);
        w.WriteString(JitClaimNames.Audience, c.Audience);
        w.WriteString(JitClaimNames.Environment, c.Environment);
        w.WriteString(JitClaimNames.Scope, c.Scope);
        w.WriteString(JitClaimNames.JwtId, c.TokenId);
        w.WriteNumber(JitClaimNames.IssuedAt, c.IssuedAt.ToUnixTimeSeconds());
        w.WriteNumber(JitClaimNames.NotBefore, c.IssuedAt.ToUnixTimeSeconds());
        w.WriteNumber(JitClaimNames.Expires, c.ExpiresAt.ToUnixTimeSeconds());
        w.WriteString(JitClaimNames.SessionId, c.SessionId);
        w.WriteString(JitClaimNames.Purpose, c.Purpose);
        if (c.Target is not null)
        {
            w.WriteString(JitClaimNames.Target, c.Target);
        }

        if (c.UseOnce)
        {
            w.WriteString(JitClaimNames.Use, JitClaimNames.UseOnce);
        }

        if (c.Approvers is { Count: > 0 } approvers)
        {
            w.WriteStartArray(JitClaimNames.Approvers);
            foreach (var approver in approvers)
            {
                w.WriteStringValue(approver);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }
}
