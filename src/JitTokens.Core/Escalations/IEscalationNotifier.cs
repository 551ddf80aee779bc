namespace JitTokens.Core.Escalations;

/// <summary>
/// Tells humans that a request waits for them (DESIGN.md §5: the notifier port). Called after the
/// escalation is stored and logged, so a notifier that fails loses nothing: the escalation stays
/// readable through the API. Implementations must return quickly (queue, do not deliver inline).
/// </summary>
internal interface IEscalationNotifier
{
    Task NotifyAsync(EscalationRecord escalation, CancellationToken cancellationToken);
}
