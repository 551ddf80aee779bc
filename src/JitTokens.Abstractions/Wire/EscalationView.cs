namespace JitTokens.Abstractions.Wire;

/// <summary>An escalation as <c>GET /v1/escalations/{id}</c> shows it (DESIGN.md §3.3).</summary>
public sealed record EscalationView
{
    /// <summary>The escalation id (<c>esc_…</c>).</summary>
    public required string EscalationId { get; init; }

    /// <summary><c>pending</c>, <c>approved</c>, <c>denied</c>, <c>expired</c>, <c>cancelled</c> or <c>redeemed</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The requested scope.</summary>
    public required string Scope { get; init; }

    /// <summary>The requested environment.</summary>
    public required string Environment { get; init; }

    /// <summary>The agent's stated purpose (untrusted text).</summary>
    public required string Purpose { get; init; }

    /// <summary>The requested target, if any (untrusted text).</summary>
    public string? Target { get; init; }

    /// <summary>The agent that asked.</summary>
    public required string Agent { get; init; }

    /// <summary>The owner of the agent's session.</summary>
    public required string Owner { get; init; }

    /// <summary>The catalog's approver group whose members may decide (an addition to DESIGN.md §3.3).</summary>
    public string? ApprovalGroup { get; init; }

    /// <summary>How many distinct approvers must approve.</summary>
    public required int ApprovalsRequired { get; init; }

    /// <summary>The approvals so far.</summary>
    public required IReadOnlyList<ApprovalView> Approvals { get; init; }

    /// <summary>Who made the final decision, when there is one.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>The comment of the final decision, if the decider gave one (an addition to DESIGN.md §3.3).</summary>
    public string? Comment { get; init; }

    /// <summary>The id of the token minted on redemption (an addition to DESIGN.md §3.3).</summary>
    public string? TokenId { get; init; }

    /// <summary>When the escalation expires if nobody decides (or, once approved, if nobody redeems it).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
