using JitTokens.Abstractions.Wire;
using JitTokens.Client;

namespace JitTokens.Cli.Output;

/// <summary>
/// Progress of <c>jit token --wait</c> on stderr: a line when the escalation changes (status,
/// approvals, expiry), and a "still waiting" line after <see cref="Heartbeat"/> without change, so
/// a long wait is visibly alive without a line per poll.
/// </summary>
internal sealed class WaitProgress(CliContext context, TimeProvider time) : IProgress<EscalationProgress>
{
    /// <summary>How long jit stays quiet while nothing changes.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromMinutes(1);

    private (string Status, int Approvals, DateTimeOffset ExpiresAt)? _last;
    private DateTimeOffset _lastWritten;

    public void Report(EscalationProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var escalation = value.Escalation;
        if (escalation.Status != EscalationStatuses.Pending)
        {
            // Decided between the poll and the read: the next poll answers with the token or the refusal.
            return;
        }

        var now = time.GetUtcNow();
        var state = (escalation.Status, escalation.Approvals.Count, escalation.ExpiresAt);
        if (_last == state && now - _lastWritten < Heartbeat)
        {
            return;
        }

        var prefix = _last == state ? "still waiting for approval: " : "waiting for approval: ";
        _last = state;
        _lastWritten = now;
        context.Error.WriteLine("jit: " + prefix + EscalationText.Waiting(escalation, context));
    }
}
