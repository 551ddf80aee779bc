using System.Collections.Concurrent;

namespace JitTokens.Core.Limits;

/// <summary>
/// A token bucket per key (a session id, a human's name), on <see cref="TimeProvider"/> time so tests
/// drive it with a manual clock. Memory is bounded: at most about <c>maxKeys</c> keys are tracked;
/// when that many are, idle keys (full buckets, indistinguishable from new ones) are dropped, at
/// most once per second, and while every tracked key is busy a new key is let through untracked
/// (reported once per window) rather than refused for someone else's traffic.
/// </summary>
/// <remarks>
/// Not <c>System.Threading.RateLimiting</c>: its buckets run on the real clock with a replenishing
/// timer, its partitioned limiter tracks any number of keys until a timer finds them idle, and each
/// acquisition hands out a lease. This is one dictionary read and one compare-and-swap per request.
/// </remarks>
internal sealed class KeyedRateLimiter
{
    /// <summary>How often a key's refusals are reported at most, and the table being full.</summary>
    public static readonly TimeSpan ReportWindow = TimeSpan.FromMinutes(1);

    private static readonly long SweepTicks = TimeSpan.TicksPerSecond;

    private readonly ConcurrentDictionary<string, RateLimitBucket> _buckets = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly long _interval;
    private readonly long _tolerance;
    private readonly int _maxKeys;
    private int _count;
    private long _nextSweep;
    private long _reportFullAfter;

    public KeyedRateLimiter(RateLimitRule rule, int maxKeys, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rule.PermitsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rule.Burst);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxKeys);
        Rule = rule;
        _interval = rule.IntervalTicks;
        _tolerance = _interval * rule.Burst;
        _maxKeys = maxKeys;
        _time = time;
    }

    public RateLimitRule Rule { get; }

    /// <summary>Keys tracked at most (give or take racing additions).</summary>
    public int MaxKeys => _maxKeys;

    /// <summary>Keys tracked now.</summary>
    public int TrackedKeys => Volatile.Read(ref _count);

    /// <summary>Takes a permit for <paramref name="key"/>: <see cref="RateLimitDecision.IsAllowed"/>, or how long to wait.</summary>
    public RateLimitDecision TryAcquire(string key)
    {
        var now = _time.GetUtcNow().UtcTicks;
        if (!_buckets.TryGetValue(key, out var bucket) && (bucket = Track(key, now)) is null)
        {
            return ReportFull(now) ? RateLimitDecision.UntrackedFirst : RateLimitDecision.Allowed;
        }

        var wait = bucket.TryAcquire(now, _interval, _tolerance);
        if (wait == 0)
        {
            return RateLimitDecision.Allowed;
        }

        var seconds = (int)Math.Min(int.MaxValue, Math.Max(1, (wait + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond));
        return new RateLimitDecision(false, seconds, bucket.TryReport(now, ReportWindow.Ticks, out var refused) ? refused : 0);
    }

    private RateLimitBucket? Track(string key, long now)
    {
        if (Volatile.Read(ref _count) >= _maxKeys && !Sweep(now))
        {
            return null;
        }

        var fresh = new RateLimitBucket(now);
        while (true)
        {
            if (_buckets.TryAdd(key, fresh))
            {
                Interlocked.Increment(ref _count);
                return fresh;
            }

            if (_buckets.TryGetValue(key, out var existing))
            {
                return existing;
            }
        }
    }

    /// <summary>Drops idle keys (at most once per second); true when there is room for another.</summary>
    private bool Sweep(long now)
    {
        var due = Volatile.Read(ref _nextSweep);
        var notYet = now < due && due - now <= SweepTicks;
        if (!notYet && Interlocked.CompareExchange(ref _nextSweep, now + SweepTicks, due) == due)
        {
            foreach (var pair in _buckets)
            {
                // A request racing this removal may take a permit from the dropped bucket and the next one
                // starts full: at most one extra permit per key per sweep, for a key that was idle anyway.
                if (pair.Value.IsIdleAt(now) && _buckets.TryRemove(pair))
                {
                    Interlocked.Decrement(ref _count);
                }
            }
        }

        return Volatile.Read(ref _count) < _maxKeys;
    }

    private bool ReportFull(long now)
    {
        var after = Volatile.Read(ref _reportFullAfter);
        return (now >= after || after - now > ReportWindow.Ticks) && Interlocked.CompareExchange(ref _reportFullAfter, now + ReportWindow.Ticks, after) == after;
    }
}
