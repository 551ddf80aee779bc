using JitTokens.Abstractions.Wire;

namespace JitTokens.Core.Audit;

/// <summary>
/// The one place every decision goes (DESIGN.md §3.6). <see cref="AppendAsync"/> completes once
/// the event is durably stored; callers answer only after that. It throws
/// <see cref="Errors.AuditUnavailableException"/> when the event cannot be stored within the
/// configured bound, and the caller fails closed (503, nothing issued).
/// </summary>
internal interface IAuditSink
{
    Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken);

    /// <summary>Throws <see cref="Errors.AuditUnavailableException"/> when the log cannot take events now (for <c>/readyz</c>).</summary>
    Task CheckWritableAsync(CancellationToken cancellationToken);
}
