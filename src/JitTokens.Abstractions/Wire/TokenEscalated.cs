namespace JitTokens.Abstractions.Wire;

/// <summary>Answer to a token request that needs human approval (202).</summary>
public sealed record TokenEscalated
{
    /// <summary>The escalation id (<c>esc_…</c>); also in the <c>Location</c> header.</summary>
    public required string EscalationId { get; init; }

    /// <summary>Always <c>pending</c> in this answer.</summary>
    public required string Status { get; init; }

    /// <summary>When the escalation expires if nobody decides.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>How often to poll, in seconds.</summary>
    public required int PollIntervalSeconds { get; init; }
}
