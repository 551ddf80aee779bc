namespace JitTokens.Abstractions.Audit;

/// <summary>
/// Checks a log one event at a time (for logs too long to hold at once). Add events in log order;
/// the first problem is returned by <see cref="Add"/> and ends the check.
/// </summary>
public sealed class AuditChainVerifier
{
    private readonly string? _anchor;
    private long _events;
    private long _lastSeq;
    private string? _head;

    /// <param name="anchor">The hash the first event must follow (<see cref="AuditChain.Genesis"/> for a log starting at seq 1); null accepts whatever the first event names.</param>
    public AuditChainVerifier(string? anchor)
    {
        _anchor = anchor;
        _head = anchor;
    }

    /// <summary>How many events were found good so far.</summary>
    public long Events => _events;

    /// <summary>Checks <paramref name="auditEvent"/> against the one before it; null when good, otherwise the failed result.</summary>
    public AuditVerification? Add(Wire.AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var e = auditEvent;
        if (_events > 0 && e.Seq != _lastSeq + 1)
        {
            // The first bad seq is the one that should have come next.
            return Fail(_lastSeq + 1, e.Seq <= _lastSeq
                ? $"seq {e.Seq} comes after seq {_lastSeq}: events were reordered or repeated"
                : $"seq {e.Seq} follows seq {_lastSeq}: {e.Seq - _lastSeq - 1} event(s) missing");
        }

        if (_events == 0 && _anchor == AuditChain.Genesis && e.Seq != 1)
        {
            return Fail(1, $"the log starts at seq {e.Seq}, not 1, and no checkpoint anchors it");
        }

        if (_head is not null && e.PrevHash != _head)
        {
            return Fail(e.Seq, $"prev_hash of seq {e.Seq} does not match the hash of the event before it");
        }

        if (e.Hash != AuditChain.Hash(e))
        {
            return Fail(e.Seq, $"seq {e.Seq} does not match its hash: the event was changed");
        }

        _events++;
        _lastSeq = e.Seq;
        _head = e.Hash;
        return null;
    }

    /// <summary>A failure at <paramref name="seq"/> found by the caller (e.g. a checkpoint that does not match).</summary>
    public AuditVerification Fail(long seq, string reason) => AuditVerification.Bad(_events, seq, reason);

    /// <summary>The result so far: valid, with the count and head.</summary>
    public AuditVerification Outcome() => AuditVerification.Good(_events, _head, _events == 0 ? null : _lastSeq);
}
