using JitTokens.Core.Escalations;

namespace JitTokens.Server.Humans;

/// <summary>The notifier when no chat webhook is configured: the pending escalation is printed in the server log.</summary>
internal sealed class LogEscalationNotifier(ILogger<LogEscalationNotifier> logger) : IEscalationNotifier
{
    public Task NotifyAsync(EscalationRecord escalation, CancellationToken cancellationToken)
    {
        Log.EscalationPending(logger, escalation.Id, escalation.Scope, escalation.Environment, escalation.Agent, escalation.Owner, escalation.ApprovalsRequired, escalation.ApprovalGroup);
        return Task.CompletedTask;
    }
}
