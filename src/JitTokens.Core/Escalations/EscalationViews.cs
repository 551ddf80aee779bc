using JitTokens.Abstractions.Wire;

namespace JitTokens.Core.Escalations;

/// <summary>Maps stored escalations to what the API shows. A pending escalation past its expiry shows as expired.</summary>
internal static class EscalationViews
{
    public static EscalationView ToView(this EscalationRecord e, DateTimeOffset now) => new()
    {
        EscalationId = e.Id,
        Status = e.Status is EscalationStatuses.Pending or EscalationStatuses.Approved && now >= e.ExpiresAt ? EscalationStatuses.Expired : e.Status,
        Scope = e.Scope,
        Environment = e.Environment,
        Purpose = e.Purpose,
        Target = e.Target,
        Agent = e.Agent,
        Owner = e.Owner,
        ApprovalGroup = e.ApprovalGroup,
        ApprovalsRequired = e.ApprovalsRequired,
        Approvals = e.Approvals,
        DecidedBy = e.DecidedBy,
        Comment = e.Comment,
        TokenId = e.TokenId,
        ExpiresAt = e.ExpiresAt,
    };
}
