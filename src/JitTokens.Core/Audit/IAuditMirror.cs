namespace JitTokens.Core.Audit;

/// <summary>
/// The second, separate copy of the log (DESIGN.md §3.6): every event, as chained by the primary,
/// appended before the caller is answered, so deleting the primary store does not delete the record.
/// </summary>
internal interface IAuditMirror
{
    /// <summary>Appends the batches' events, in order, as the primary stored them.</summary>
    Task WriteAsync(IReadOnlyList<AuditBatch> chained, CancellationToken cancellationToken);
}
