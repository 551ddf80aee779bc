namespace JitTokens.Core.Limits;

/// <summary>
/// One key's token bucket as GCRA (the generic cell rate algorithm, ITU-T I.371): a single number,
/// <c>fullAt</c>, the instant at which the bucket is full again. A request at <c>now</c> takes a
/// permit by moving <c>fullAt</c> one interval later, which is allowed while <c>fullAt</c> stays
/// within <c>burst × interval</c> of <c>now</c>. Lock-free (one compare-and-swap), no allocation.
/// A bucket with <c>fullAt ≤ now</c> is exactly a fresh one, so dropping it changes nothing.
/// </summary>
internal sealed class RateLimitBucket(long fullAt)
{
    private long _fullAt = fullAt;
    private long _reportAfter;
    private int _refused;

    public bool IsIdleAt(long now) => Volatile.Read(ref _fullAt) <= now;

    /// <summary>Takes a permit; returns 0 when granted, otherwise the ticks until one will be free.</summary>
    public long TryAcquire(long now, long interval, long tolerance)
    {
        while (true)
        {
            var fullAt = Volatile.Read(ref _fullAt);
            if (fullAt - now > tolerance)
            {
                // Only a clock set back can leave fullAt this far ahead: count from the new time (an empty
                // bucket refilling) rather than refuse until the clock is back where it was.
                Interlocked.CompareExchange(ref _fullAt, now + tolerance, fullAt);
                continue;
            }

            var next = Math.Max(fullAt, now) + interval;
            var wait = next - now - tolerance;
            if (wait > 0)
            {
                return wait;
            }

            if (Interlocked.CompareExchange(ref _fullAt, next, fullAt) == fullAt)
            {
                return 0;
            }
        }
    }

    /// <summary>
    /// Counts a refusal; true for the first one after <paramref name="window"/> has passed since the last report,
    /// with <paramref name="refused"/> the refusals since that report (this one included).
    /// </summary>
    public bool TryReport(long now, long window, out int refused)
    {
        Interlocked.Increment(ref _refused);
        var after = Volatile.Read(ref _reportAfter);
        if ((now < after && after - now <= window) || Interlocked.CompareExchange(ref _reportAfter, now + window, after) != after)
        {
            refused = 0;
            return false;
        }

        refused = Interlocked.Exchange(ref _refused, 0);
        return true;
    }
}
