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

    /// <summary>When a pending escalation expires undecided, or an approved one unredeemed. Never after <see cref="SessionExpiresAt"/>.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The end of the session that asked: no approval can be redeemed, and no token live, past it.</summary>
    public required DateTimeOffset SessionExpiresAt { get; init; }

    /// <summary>One of <see cref="EscalationStatuses"/>; the store owns transitions.</summary>
    public string Status { get; init; } = EscalationStatuses.Pending;

    public ImmutableArray<ApprovalView> Approvals { get; init; } = [];

    /// <summary>Who made the final decision (the last approval, the denial); null while pending.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>When the final decision was made.</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>The comment of the final decision, if the decider gave one.</summary>
    public string? Comment { get; init; }

    /// <summary>The token minted when the approval was redeemed.</summary>
    public string? TokenId { get; init; }

    /// <summary>
    /// The latest Slack <c>response_url</c> from a decision made in chat, through which the chat
    /// message is replaced after later changes. Never shown, logged or audited.
    /// </summary>
    public string? ChatResponseUrl { get; init; }

    /// <summary>
    /// Optimistic concurrency: the store's version of this record, 1 when added. An update names the
    /// version it read and the store refuses it if the record changed since (see <see cref="Storage.IJitStore.UpdateEscalationAsync"/>).
    /// </summary>
    public long Version { get; init; } = 1;
}
