using System.Collections.Immutable;
using JitTokens.Abstractions.Wire;
using JitTokens.Core;
using JitTokens.Core.Escalations;
using JitTokens.Core.Outbox;
using JitTokens.Core.Sessions;
using JitTokens.Core.Tokens;

namespace JitTokens.TestSupport.Storage;

/// <summary>Valid store records with fresh ids, for store tests. Times are given, never read from a clock.</summary>
internal static class StoreRecords
{
    public static SessionRecord Session(DateTimeOffset createdAt, TimeSpan? ttl = null, string owner = "alice", string? id = null) => new()
    {
        Id = id ?? Ids.NewSessionId(),
        Owner = owner,
        Agent = "cursor-42",
        Environments = ["staging", "production"],
        Scopes = ["db:read", "db:write"],
        Purpose = "fix flaky checkout test",
        CreatedAt = createdAt,
        ExpiresAt = createdAt + (ttl ?? TimeSpan.FromHours(2)),
    };

    public static TokenRecord Token(SessionRecord session, DateTimeOffset issuedAt, TimeSpan? ttl = null) => new()
    {
        Id = Ids.NewTokenId(),
        SessionId = session.Id,
        Owner = session.Owner,
        Agent = session.Agent,
        Scope = "db:write",
        Environment = "staging",
        Target = "orders-db",
        IssuedAt = issuedAt,
        ExpiresAt = issuedAt + (ttl ?? TimeSpan.FromMinutes(5)),
        UseOnce = true,
    };

    public static EscalationRecord Escalation(SessionRecord session, DateTimeOffset createdAt, TimeSpan? ttl = null, string status = EscalationStatuses.Pending, string? id = null) => new()
    {
        Id = id ?? Ids.NewEscalationId(),
        SessionId = session.Id,
        Owner = session.Owner,
        Agent = session.Agent,
        Scope = "db:write",
        Environment = "production",
        Purpose = "apply migration 0042 for ticket OPS-17",
        Target = "orders-db",
        TtlSeconds = 600,
        ApprovalGroup = "dba",
        ApprovalsRequired = 2,
        CreatedAt = createdAt,
        ExpiresAt = createdAt + (ttl ?? TimeSpan.FromMinutes(15)),
        SessionExpiresAt = session.ExpiresAt,
        Status = status,
        Approvals = status == EscalationStatuses.Pending ? [] : ImmutableArray.Create(new ApprovalView { By = "bob", At = createdAt.AddSeconds(30) }),
        DecidedBy = status == EscalationStatuses.Pending ? null : "bob",
    };

    /// <summary>
    /// <paramref name="escalation"/> approved by a final approver in chat at <paramref name="at"/>, with every
    /// decision field set and its expiry restarted (the redemption window), as a compare-and-set would write it.
    /// </summary>
    public static EscalationRecord Approved(EscalationRecord escalation, DateTimeOffset at, TimeSpan? redeemWithin = null) => escalation with
    {
        Status = EscalationStatuses.Approved,
        Approvals = [new ApprovalView { By = "bob", At = at.AddSeconds(-30) }, new ApprovalView { By = "slack:U042", At = at }],
        DecidedBy = "slack:U042",
        DecidedAt = at,
        Comment = "ok for OPS-17",
        ChatResponseUrl = "https://hooks.slack.test/actions/T1/B2/response",
        ExpiresAt = at + (redeemWithin ?? TimeSpan.FromMinutes(5)),
    };

    /// <summary>A chat message about <paramref name="escalationId"/>, due at <paramref name="dueAt"/>, expiring <paramref name="ttl"/> (default 1 h) later.</summary>
    public static OutboxMessage Message(string escalationId, DateTimeOffset dueAt, TimeSpan? ttl = null, string? id = null) => new()
    {
        Id = id ?? Ids.NewOutboxMessageId(),
        Kind = OutboxKinds.Update,
        EscalationId = escalationId,
        ResponseUrl = "https://hooks.slack.test/actions/T1/B2/response",
        Text = "approved by bob",
        Attempts = 0,
        DueAt = dueAt,
        ExpiresAt = dueAt + (ttl ?? TimeSpan.FromHours(1)),
    };
}
