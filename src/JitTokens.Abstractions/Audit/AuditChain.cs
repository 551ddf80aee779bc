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
        var linked = auditEvent with { Seq = seq, PrevHash = prevHash, Hash = null };
        return linked with { Hash = Hash(linked) };
    }

    /// <summary>The hash <paramref name="auditEvent"/> must carry, from its <c>prev_hash</c> and canonical form.</summary>
    public static string Hash(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var prev = Encoding.UTF8.GetBytes(auditEvent.PrevHash ?? string.Empty);
        var canonical = Canonical(auditEvent);
        var input = new byte[prev.Length + 1 + canonical.Length];
        prev.CopyTo(input, 0);
        input[prev.Length] = (byte)'\n';
        canonical.CopyTo(input, prev.Length + 1);
        return Convert.ToHexStringLower(SHA256.HashData(input));
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
        using (var w = new Utf8JsonWriter(buffer, CanonicalWriter))
        {
            w.WriteStartObject();
            w.WriteNumber("seq", e.Seq);
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

        return buffer.WrittenSpan.ToArray();
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
