using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Abstractions.Audit;

/// <summary>
/// The issuance log's hash chain (DESIGN.md §3.6). Each event's <c>hash</c> is the lowercase hex
/// SHA-256 of its <c>prev_hash</c> (64 hex characters, ASCII), a line feed, and the event's
/// canonical form (<see cref="Canonical"/>). The first event's <c>prev_hash</c> is
/// <see cref="Genesis"/>. Changing, deleting, inserting or reordering an event breaks the chain
/// at that event; rewriting the whole tail is caught by signed checkpoints of the head.
/// </summary>
public static class AuditChain
{
    /// <summary>The <c>prev_hash</c> of the first event ever written: 64 zeros.</summary>
    public static readonly string Genesis = new('0', 64);

    private static readonly JsonWriterOptions CanonicalWriter = new() { Indented = false, SkipValidation = false };

    /// <summary>Returns <paramref name="auditEvent"/> as the <paramref name="seq"/>-th event after <paramref name="prevHash"/>, with its hash.</summary>
    public static AuditEvent Link(AuditEvent auditEvent, long seq, string prevHash)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        ArgumentNullException.ThrowIfNull(prevHash);
        return auditEvent with { Seq = seq, PrevHash = prevHash, Hash = Hash(auditEvent, seq, prevHash) };
    }

    /// <summary>
    /// <see cref="Link(AuditEvent, long, string)"/>, and the linked event serialized as the issuer stores it
    /// (<see cref="JitJson.Context"/>: compact, nulls left out, members in declaration order). That form is the
    /// canonical form with <c>prev_hash</c> and <c>hash</c> appended whenever the canonical form escapes no
    /// character (the stored form's relaxed escaping escapes a subset of what the canonical form escapes), so
    /// on the issuance path the event is usually written once, not twice; otherwise it is serialized.
    /// </summary>
    public static AuditEvent Link(AuditEvent auditEvent, long seq, string prevHash, out byte[] stored)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        ArgumentNullException.ThrowIfNull(prevHash);
        var buffer = new ArrayBufferWriter<byte>(640);
        var prefixLength = WritePrefix(buffer, prevHash);
        WriteCanonical(buffer, auditEvent, seq);
        var hash = Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
        var linked = auditEvent with { Seq = seq, PrevHash = prevHash, Hash = hash };
        var canonical = buffer.WrittenSpan[prefixLength..];
        stored = canonical.IndexOf((byte)'\\') < 0 && IsLowerHex(prevHash)
            ? AppendHashes(canonical, prevHash, hash)
            : JsonSerializer.SerializeToUtf8Bytes(linked, JitJson.Context.AuditEvent);
        return linked;
    }

    /// <summary>The hash <paramref name="auditEvent"/> must carry, from its <c>prev_hash</c> and canonical form.</summary>
    public static string Hash(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return Hash(auditEvent, auditEvent.Seq, auditEvent.PrevHash ?? string.Empty);
    }

    /// <summary>
    /// SHA-256 over the previous hash, a line feed and the canonical form, all written into one
    /// buffer: this runs once per event on the issuance path.
    /// </summary>
    private static string Hash(AuditEvent auditEvent, long seq, string prevHash)
    {
        var buffer = new ArrayBufferWriter<byte>(640);
        WritePrefix(buffer, prevHash);
        WriteCanonical(buffer, auditEvent, seq);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>Writes the previous hash and a line feed (the start of the hash input); returns how many bytes.</summary>
    private static int WritePrefix(ArrayBufferWriter<byte> buffer, string prevHash)
    {
        var prefix = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(prevHash.Length) + 1);
        var written = Encoding.UTF8.GetBytes(prevHash, prefix);
        prefix[written] = (byte)'\n';
        buffer.Advance(written + 1);
        return written + 1;
    }

    /// <summary>The canonical form (ending in <c>}</c>) with <c>,"prev_hash":"…","hash":"…"}</c> in place of its last brace.</summary>
    private static byte[] AppendHashes(ReadOnlySpan<byte> canonical, string prevHash, string hash)
    {
        ReadOnlySpan<byte> prevName = ",\"prev_hash\":\""u8;
        ReadOnlySpan<byte> hashName = "\",\"hash\":\""u8;
        ReadOnlySpan<byte> end = "\"}"u8;
        var stored = new byte[canonical.Length - 1 + prevName.Length + prevHash.Length + hashName.Length + hash.Length + end.Length];
        var at = stored.AsSpan();
        canonical[..^1].CopyTo(at);
        at = at[(canonical.Length - 1)..];
        prevName.CopyTo(at);
        at = at[prevName.Length..];
        at = at[Encoding.ASCII.GetBytes(prevHash, at)..];
        hashName.CopyTo(at);
        at = at[hashName.Length..];
        at = at[Encoding.ASCII.GetBytes(hash, at)..];
        end.CopyTo(at);
        return stored;
    }

    private static bool IsLowerHex(string value)
    {
        foreach (var c in value)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The canonical form: compact JSON with the members in this fixed order, absent (null) members
    /// left out, <c>prev_hash</c> and <c>hash</c> never included: <c>seq, id, time, type, actor,
    /// session_id, owner, agent, scope, environment, target, purpose, ttl_seconds, token_id,
    /// escalation_id, decision, error, approvers, client_ip, trace_id</c>. Times are written as
    /// <see cref="UtcTimestampConverter.Format"/> does; strings use System.Text.Json's default escaping.
    /// </summary>
    public static byte[] Canonical(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var buffer = new ArrayBufferWriter<byte>(512);
        WriteCanonical(buffer, e, e.Seq);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteCanonical(ArrayBufferWriter<byte> buffer, AuditEvent e, long seq)
    {
        using (var w = new Utf8JsonWriter(buffer, CanonicalWriter))
        {
            w.WriteStartObject();
            w.WriteNumber("seq", seq);
            w.WriteString("id", e.Id);
            w.WriteString("time", UtcTimestampConverter.Format(e.Time));
            w.WriteString("type", e.Type);
            w.WriteString("actor", e.Actor);
            Optional(w, "session_id", e.SessionId);
            Optional(w, "owner", e.Owner);
            Optional(w, "agent", e.Agent);
            Optional(w, "scope", e.Scope);
            Optional(w, "environment", e.Environment);
            Optional(w, "target", e.Target);
            Optional(w, "purpose", e.Purpose);
            if (e.TtlSeconds is { } ttl)
            {
                w.WriteNumber("ttl_seconds", ttl);
            }

            Optional(w, "token_id", e.TokenId);
            Optional(w, "escalation_id", e.EscalationId);
            Optional(w, "decision", e.Decision);
            Optional(w, "error", e.Error);
            if (e.Approvers is { } approvers)
            {
                w.WriteStartArray("approvers");
                foreach (var approver in approvers)
                {
                    w.WriteStringValue(approver);
                }

                w.WriteEndArray();
            }

            Optional(w, "client_ip", e.ClientIp);
            Optional(w, "trace_id", e.TraceId);
            w.WriteEndObject();
        }
    }

    /// <summary>
    /// Checks a run of events in log order. <paramref name="anchor"/> is the hash the first event
    /// must follow (<see cref="Genesis"/> for a log that starts at seq 1; a checkpoint's hash for a
    /// trimmed log); null accepts whatever the first event names.
    /// </summary>
    public static AuditVerification Verify(IEnumerable<AuditEvent> events, string? anchor = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var verifier = new AuditChainVerifier(anchor);
        foreach (var e in events)
        {
            if (verifier.Add(e) is { } bad)
            {
                return bad;
            }
        }

        return verifier.Outcome();
    }

    private static void Optional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
