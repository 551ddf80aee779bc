namespace JitTokens.Abstractions.Wire;

/// <summary>The answer of <c>GET /v1/escalations</c> (an addition to DESIGN.md §3.3): newest first.</summary>
public sealed record EscalationList
{
    /// <summary>The escalations the caller may see.</summary>
    public required IReadOnlyList<EscalationView> Escalations { get; init; }
}
