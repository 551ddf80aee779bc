namespace JitTokens.Abstractions.Wire;

/// <summary>A page of <c>GET /v1/audit</c> (DESIGN.md §3.6).</summary>
public sealed record AuditEventList
{
    /// <summary>Matching events in log order (ascending seq).</summary>
    public required IReadOnlyList<AuditEvent> Events { get; init; }

    /// <summary>The cursor to pass as <c>after</c> to continue, or to follow new events later. Always present.</summary>
    public required string Next { get; init; }
}
