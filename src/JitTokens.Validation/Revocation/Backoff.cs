namespace JitTokens.Validation.Revocation;

/// <summary>Delays between attempts to reach the issuer: 100 ms doubling up to a maximum, with ±20 % jitter so resource servers do not reconnect in step.</summary>
internal sealed class Backoff(TimeSpan max)
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(100);
    private TimeSpan _next = Initial;

    public TimeSpan Next()
    {
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, max.Ticks));

        // Jitter spreads reconnects; it needs no unpredictability.
#pragma warning disable CA5394
        return delay * (0.8 + (0.4 * Random.Shared.NextDouble()));
#pragma warning restore CA5394
    }

    public void Reset() => _next = Initial;
}
