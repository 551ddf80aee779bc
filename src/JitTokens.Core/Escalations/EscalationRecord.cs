using System.Collections.Immutable;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Core.Escalations;

/// <summary>A request waiting for (or past) a human decision.</summary>
internal sealed record EscalationRecord
{
    public required string Id { get; init; }

    public required string SessionId { get; init; }

    public required string Owner { get; init; }

    public required string Agent { get; init; }

    public required string Scope { get; init; }

    public required string Environment { get; init; }

    public required string Purpose { get; init; }

    public string? Target { get; init; }

    /// <summary>The TTL the agent asked for, in seconds; counted from redemption.</summary>
    public required int TtlSeconds { get; init; }

    public required string ApprovalGroup { get; init; }

    public required int ApprovalsRequired { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>One of <see cref="EscalationStatuses"/>; the store owns transitions.</summary>
    public string Status { get; init; } = EscalationStatuses.Pending;

    public ImmutableArray<ApprovalView> Approvals { get; init; } = [];

    public string? DecidedBy { get; init; }
}
