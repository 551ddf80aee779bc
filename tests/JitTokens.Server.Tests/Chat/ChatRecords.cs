using System.Collections.Immutable;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Escalations;

namespace JitTokens.Server.Tests.Chat;

/// <summary>Escalations as the chat code sees them, at a fixed time.</summary>
internal static class ChatRecords
{
    public const string Id = "esc_7Hq2kLmN4pRs";

    public static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    public static EscalationRecord Pending(string purpose = "apply migration 0042 for ticket OPS-17", string? target = "orders-db") => new()
    {
        Id = Id,
        SessionId = "ses_1",
        Owner = "alice",
        Agent = "cursor-42",
        Scope = "db:write",
        Environment = "production",
        Purpose = purpose,
        Target = target,
        TtlSeconds = 600,
        ApprovalGroup = "dba",
        ApprovalsRequired = 2,
        CreatedAt = Now,
        ExpiresAt = Now.AddMinutes(15),
        SessionExpiresAt = Now.AddHours(2),
    };

    public static ImmutableArray<ApprovalView> ApprovedBy(params string[] names)
        => [.. names.Select((name, i) => new ApprovalView { By = name, At = Now.AddSeconds(10 * (i + 1)) })];

    public static EscalationRecord Decided(string status) => status switch
    {
        EscalationStatuses.Pending => Pending(),
        EscalationStatuses.Approved => Pending() with { Status = status, Approvals = ApprovedBy("dana", "bob"), DecidedBy = "bob", DecidedAt = Now.AddSeconds(20) },
        EscalationStatuses.Denied => Pending() with { Status = status, DecidedBy = "dana", DecidedAt = Now.AddSeconds(20), Comment = "not during the freeze" },
        EscalationStatuses.Expired => Pending() with { Status = status, DecidedAt = Now.AddMinutes(15) },
        EscalationStatuses.Cancelled => Pending() with { Status = status },
        EscalationStatuses.Redeemed => Pending() with { Status = status, Approvals = ApprovedBy("dana", "bob"), DecidedBy = "bob", TokenId = "tok_9xYz" },
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
