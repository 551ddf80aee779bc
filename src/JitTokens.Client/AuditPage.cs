using JitTokens.Abstractions.Wire;

namespace JitTokens.Client;

/// <summary>One answer of <c>GET /v1/audit</c> (DESIGN.md §3.6): events in log order and where to go on from.</summary>
public sealed record AuditPage
{
    /// <summary>The events, in log order (ascending <see cref="AuditEvent.Seq"/>); empty when none matched.</summary>
    public required IReadOnlyList<AuditEvent> Events { get; init; }

    /// <summary>
    /// The cursor after the last event examined, always present: pass it as
    /// <see cref="AuditQuery.After"/> to read on, or later to see what was written since.
    /// </summary>
    public required string Next { get; init; }
}
