namespace JitTokens.Core.Audit;

/// <summary>The filters of <c>GET /v1/audit</c> (DESIGN.md §3.6). Null members do not filter.</summary>
internal sealed record AuditQuery
{
    public string? Type { get; init; }

    public string? SessionId { get; init; }

    public string? Agent { get; init; }

    public string? Owner { get; init; }

    public string? Environment { get; init; }

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Until { get; init; }

    /// <summary>Continue after this seq (the <c>after</c> cursor).</summary>
    public long After { get; init; }

    public int Limit { get; init; } = 100;

    public bool Matches(Abstractions.Wire.AuditEvent e)
        => (Type is null || e.Type == Type)
            && (SessionId is null || e.SessionId == SessionId)
            && (Agent is null || e.Agent == Agent)
            && (Owner is null || e.Owner == Owner)
            && (Environment is null || e.Environment == Environment)
            && (Since is null || e.Time >= Since)
            && (Until is null || e.Time < Until);
}
