using System.Collections.Immutable;
using JitTokens.Abstractions.Wire;
using JitTokens.Core;
using JitTokens.Core.Escalations;
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

    public static EscalationRecord Escalation(SessionRecord session, DateTimeOffset createdAt, TimeSpan? ttl = null, string status = EscalationStatuses.Pending) => new()
    {
        Id = Ids.NewEscalationId(),
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
        Status = status,
        Approvals = status == EscalationStatuses.Pending ? [] : ImmutableArray.Create(new ApprovalView { By = "bob", At = createdAt.AddSeconds(30) }),
        DecidedBy = status == EscalationStatuses.Pending ? null : "bob",
    };
}
