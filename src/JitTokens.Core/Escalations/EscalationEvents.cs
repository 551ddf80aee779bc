using JitTokens.Abstractions.Wire;
using JitTokens.Core.Audit;

namespace JitTokens.Core.Escalations;

/// <summary>Audit events about an escalation: who asked for what, with the approvals so far and the resulting status as the decision.</summary>
internal static class EscalationEvents
{
    /// <summary>The actor of changes nobody made by hand (an escalation expiring). The colon keeps it apart from every human name.</summary>
    public const string SystemActor = "system:jittokens";

    public static AuditEvent Create(string type, DateTimeOffset now, string actor, EscalationRecord e, CallerContext caller)
        => AuditEvents.Create(type, now, actor, caller) with
        {
            SessionId = e.SessionId,
            Owner = e.Owner,
            Agent = e.Agent,
            Scope = e.Scope,
            Environment = e.Environment,
            Target = e.Target,
            Purpose = e.Purpose,
            TtlSeconds = e.TtlSeconds,
            EscalationId = e.Id,
            TokenId = e.TokenId,
            Decision = e.Status,
            Approvers = e.Approvals.IsDefaultOrEmpty ? null : [.. e.Approvals.Select(a => a.By)],
        };
}
