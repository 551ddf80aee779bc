namespace JitTokens.Core.Escalations;

/// <summary>What an approver says.</summary>
internal enum EscalationDecision
{
    Approve,
    Deny,
}
