using JitTokens.Abstractions;

namespace JitTokens.Client;

/// <summary>
/// Failures that may pass by themselves, and how long to pause before trying again: shared by the
/// loops that keep polling (<see cref="EscalationWaiter"/>, <see cref="JitTokensClient.FollowAuditEventsAsync"/>).
/// </summary>
internal static class PassingFailures
{
    /// <summary>The longest pause between retries of a call that failed for a reason that may pass.</summary>
    internal static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    /// <summary>A failure that may pass by itself: no answer, a 5xx, <c>unavailable</c>, <c>rate_limited</c>.</summary>
    internal static bool IsPassing<T>(JitResult<T> result)
        => result.Problem is { } problem
           && (result.Status == 0 || result.Status >= 500 || problem.Error is ErrorCodes.Unavailable or ErrorCodes.RateLimited);

    /// <summary>Twice the interval per consecutive failure, at most <see cref="MaxPause"/> (never shorter than the interval).</summary>
    internal static TimeSpan Pause(TimeSpan interval, int failures)
    {
        var pause = interval * Math.Pow(2, Math.Min(failures, 16));
        return pause > MaxPause ? (interval > MaxPause ? interval : MaxPause) : pause;
    }
}
