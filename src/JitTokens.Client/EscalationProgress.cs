using JitTokens.Abstractions.Wire;

namespace JitTokens.Client;

/// <summary>
/// What <see cref="JitTokensClient.WaitForTokenAsync(string, TokenEscalated, IProgress{EscalationProgress}?, CancellationToken)"/>
/// knows after a poll that left the escalation undecided: its status, the approvals so far and
/// when it expires (all in <see cref="Escalation"/>). Reported after every such poll, changed or not,
/// so a caller can both show changes and tell that the wait is alive.
/// </summary>
public sealed record EscalationProgress
{
    /// <summary>The escalation as <c>GET /v1/escalations/{id}</c> showed it right after the poll.</summary>
    public required EscalationView Escalation { get; init; }

    /// <summary>How many times <c>POST /v1/escalations/{id}/token</c> was called so far, this poll included.</summary>
    public required int Polls { get; init; }

    /// <summary>The pause before the next poll: the advertised interval, longer after <c>slow_down</c>.</summary>
    public required TimeSpan PollInterval { get; init; }
}
