using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Client;

/// <summary>
/// One wait for a human decision: the client side of RFC 8628 §3.4–3.5 polling over
/// <c>POST /v1/escalations/{id}/token</c>. Pauses go through <see cref="TimeProvider"/>, so tests
/// run the whole loop without sleeping.
/// </summary>
internal sealed class EscalationWaiter(
    JitTokensClient client,
    TimeProvider time,
    string sessionToken,
    string escalationId,
    TimeSpan interval,
    DateTimeOffset? expiresAt,
    IProgress<EscalationProgress>? progress)
{
    /// <summary>Consecutive passing failures tolerated while the escalation's expiry is still unknown.</summary>
    internal const int MaxRetriesWithoutExpiry = 5;

    public async Task<JitResult<TokenIssued>> RunAsync(CancellationToken cancellationToken)
    {
        var pollInterval = interval;
        var deadline = expiresAt;
        var polls = 0;
        var failures = 0;
        while (true)
        {
            var answer = await client.RedeemEscalationAsync(sessionToken, escalationId, cancellationToken).ConfigureAwait(false);
            polls++;
            if (answer.IsSuccess)
            {
                return answer;
            }

            TimeSpan pause;
            switch (answer.Problem.Error)
            {
                case ErrorCodes.AuthorizationPending:
                    failures = 0;
                    deadline = await ReportAsync(polls, pollInterval, cancellationToken).ConfigureAwait(false) ?? deadline;
                    pause = pollInterval;
                    break;

                case ErrorCodes.SlowDown:
                    // RFC 8628 §3.5 adds 5 seconds; this server keeps one constant interval, so one more interval is enough.
                    failures = 0;
                    pollInterval += interval;
                    pause = pollInterval;
                    break;

                case var _ when PassingFailures.IsPassing(answer):
                    failures++;
                    if (deadline is { } d ? time.GetUtcNow() >= d : failures > MaxRetriesWithoutExpiry)
                    {
                        return answer;
                    }

                    pause = PassingFailures.Pause(pollInterval, failures);
                    break;

                default:
                    // Denied, cancelled, expired, redeemed, ended session, unknown id: final.
                    return answer;
            }

            await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the escalation and tells <c>progress</c>; returns its expiry. A failed read is skipped: the next poll decides.</summary>
    private async Task<DateTimeOffset?> ReportAsync(int polls, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var view = await client.GetEscalationAsync(sessionToken, escalationId, cancellationToken).ConfigureAwait(false);
        if (!view.IsSuccess)
        {
            return null;
        }

        progress?.Report(new EscalationProgress { Escalation = view.Value, Polls = polls, PollInterval = pollInterval });
        return view.Value.ExpiresAt;
    }
}
