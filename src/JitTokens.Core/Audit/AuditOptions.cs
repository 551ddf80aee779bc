namespace JitTokens.Core.Audit;

/// <summary>The issuance log (configuration section <c>JitTokens:Audit</c>).</summary>
internal sealed class AuditOptions
{
    public const string SectionName = "JitTokens:Audit";

    /// <summary>The append-only NDJSON file. Default <c>data/audit.ndjson</c>, relative to the working directory.</summary>
    public string FilePath { get; set; } = Path.Combine("data", "audit.ndjson");

    /// <summary>
    /// The mirror: a second append-only NDJSON copy of every event, written before the caller is
    /// answered. Default: beside <see cref="FilePath"/>, named <c>….mirror.ndjson</c>. Point it at other
    /// storage (another disk, a mount shipped off the host) so deleting the primary does not delete the record.
    /// Each server instance needs its own mirror file.
    /// </summary>
    public string? MirrorPath { get; set; }

    /// <summary>
    /// How soon mirror writes reach the disk. Every batch is written to the mirror file before its
    /// callers are answered; with 0 it is also fsync'd before the answer, otherwise within this
    /// interval (the primary is fsync'd per batch either way). Default 100 ms: a per-batch fsync of
    /// a second file would cost about a third of issuance throughput (see the README's benchmark).
    /// </summary>
    public TimeSpan MirrorSyncInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long events are kept; null (the default) keeps them forever. Older events are removed up to
    /// a signed checkpoint (the newest one at least this old), so what remains still verifies from
    /// that checkpoint. The mirror is never trimmed by the server.
    /// </summary>
    public TimeSpan? Retention { get; set; }

    /// <summary>How often the chain head is signed (a checkpoint), when new events were written. Default 1 minute.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The mirror path actually used.</summary>
    public string EffectiveMirrorPath => string.IsNullOrWhiteSpace(MirrorPath) ? Path.ChangeExtension(FilePath, null) + ".mirror.ndjson" : MirrorPath;

    /// <summary>How long a request waits for its event to be stored before failing with 503. Default 2 seconds.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
