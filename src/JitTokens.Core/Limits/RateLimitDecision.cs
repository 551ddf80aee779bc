namespace JitTokens.Core.Limits;

/// <summary>
/// The answer of <see cref="KeyedRateLimiter.TryAcquire"/>. Refused: <see cref="RetryAfterSeconds"/> (≥ 1) until a
/// permit is free, and <see cref="RefusalsToReport"/> &gt; 0 on the first refusal of a report window (the refusals since
/// the last report). Allowed: <see cref="UntrackedToReport"/> when the key could not be tracked and that is news.
/// </summary>
internal readonly record struct RateLimitDecision(bool IsAllowed, int RetryAfterSeconds, int RefusalsToReport, bool UntrackedToReport = false)
{
    public static readonly RateLimitDecision Allowed = new(true, 0, 0);

    public static readonly RateLimitDecision UntrackedFirst = new(true, 0, 0, UntrackedToReport: true);
}
