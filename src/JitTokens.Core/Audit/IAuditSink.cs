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

    /// <summary>True when <see cref="AppendIssuedAsync"/> records tokens itself, with their events, in one write.</summary>
    bool RecordsTokens => false;

    /// <summary>
    /// Appends a <c>token.issued</c> event and records its token in the same atomic write (<see cref="ITokenRecordingAuditLog"/>):
    /// true when both are stored, false (neither is) when the token's session is no longer live. Only when
    /// <see cref="RecordsTokens"/>. Throws like <see cref="AppendAsync"/>.
    /// </summary>
    Task<bool> AppendIssuedAsync(AuditEvent auditEvent, NewToken token, CancellationToken cancellationToken)
        => throw new NotSupportedException("this audit sink does not record tokens");

    /// <summary>Throws <see cref="Errors.AuditUnavailableException"/> when the log cannot take events now (for <c>/readyz</c>).</summary>
    Task CheckWritableAsync(CancellationToken cancellationToken);
}
