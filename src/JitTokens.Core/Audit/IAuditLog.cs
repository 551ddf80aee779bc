using JitTokens.Abstractions.Wire;

namespace JitTokens.Core.Audit;

/// <summary>
/// The primary store of the issuance log (DESIGN.md §3.6): an append-only, hash-chained sequence of
/// events. The NDJSON file in dev mode; Redis with the Redis store, so that every server instance
/// writes one chain. Implementations throw <see cref="Errors.AuditUnavailableException"/> when they
/// cannot store or read.
/// </summary>
internal interface IAuditLog
{
    /// <summary>
    /// Appends <paramref name="events"/> in order, durably and atomically (all or none), each linked
    /// to the one before it with <see cref="Abstractions.Audit.AuditChain.Link(AuditEvent, long, string)"/> (seq, prev_hash,
    /// hash assigned here, whatever the events carry). Returns them as stored, serialized once
    /// (<see cref="AuditBatch"/>) so that the mirror writes the same bytes without serializing again.
    /// </summary>
    Task<AuditBatch> AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken);

    /// <summary>Events with seq greater than <paramref name="afterSeq"/>, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditEvent>> ReadAsync(long afterSeq, int limit, CancellationToken cancellationToken);

    /// <summary>The last event's seq and hash; seq 0 and <see cref="Abstractions.Audit.AuditChain.Genesis"/> when empty.</summary>
    Task<AuditHead> GetHeadAsync(CancellationToken cancellationToken);

    /// <summary>Stores a signed checkpoint of the head.</summary>
    Task AddCheckpointAsync(Abstractions.Audit.AuditCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>Every stored checkpoint, oldest first.</summary>
    Task<IReadOnlyList<Abstractions.Audit.AuditCheckpoint>> ReadCheckpointsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Removes the events with seq up to <paramref name="seq"/> (retention), keeping the head and the
    /// checkpoints, so what remains verifies from the checkpoint at <paramref name="seq"/>. Returns how many were removed.
    /// </summary>
    Task<long> TrimThroughAsync(long seq, CancellationToken cancellationToken);
}
