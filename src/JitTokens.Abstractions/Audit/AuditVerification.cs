namespace JitTokens.Abstractions.Audit;

/// <summary>The result of checking the issuance log (<c>GET /v1/audit/verify</c>, <c>jit audit verify</c>).</summary>
public sealed record AuditVerification
{
    /// <summary>True when every event checked is intact and in place.</summary>
    public required bool Valid { get; init; }

    /// <summary>How many events were checked and found good (before the first bad one, if any).</summary>
    public required long Events { get; init; }

    /// <summary>The hash of the last good event: the chain head when valid.</summary>
    public string? Head { get; init; }

    /// <summary>The seq of the last good event.</summary>
    public long? HeadSeq { get; init; }

    /// <summary>The first seq that failed, when not valid.</summary>
    public long? FirstBadSeq { get; init; }

    /// <summary>What is wrong there, when not valid.</summary>
    public string? Reason { get; init; }

    /// <summary>Signed checkpoints that were checked against the chain, when any.</summary>
    public int? Checkpoints { get; init; }

    internal static AuditVerification Good(long events, string? head, long? headSeq)
        => new() { Valid = true, Events = events, Head = head, HeadSeq = headSeq };

    /// <summary>A failed result: <paramref name="events"/> were good, <paramref name="seq"/> is the first bad one.</summary>
    public static AuditVerification Invalid(long events, long seq, string reason) => Bad(events, seq, reason);

    internal static AuditVerification Bad(long events, long seq, string reason)
        => new() { Valid = false, Events = events, FirstBadSeq = seq, Reason = reason };
}
