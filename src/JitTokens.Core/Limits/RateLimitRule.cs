namespace JitTokens.Core.Limits;

/// <summary>
/// One rate limit: a token bucket that holds <see cref="Burst"/> requests and refills at
/// <see cref="PermitsPerSecond"/>. <see cref="PermitsPerSecond"/> 0 turns the limit off.
/// </summary>
internal sealed class RateLimitRule
{
    /// <summary>Sustained requests per second per key (may be fractional, e.g. 0.5). 0: no limit.</summary>
    public double PermitsPerSecond { get; set; }

    /// <summary>Requests a key may make at once after being idle (the bucket's size), at least 1.</summary>
    public int Burst { get; set; }

    public bool IsOn => PermitsPerSecond != 0;

    /// <summary>Time per permit, in <see cref="TimeSpan"/> ticks (at least one).</summary>
    public long IntervalTicks => Math.Max(1, (long)Math.Round(TimeSpan.TicksPerSecond / PermitsPerSecond));
}
