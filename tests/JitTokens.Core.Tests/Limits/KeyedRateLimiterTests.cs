using JitTokens.Core.Limits;
using JitTokens.TestSupport.Clock;

namespace JitTokens.Core.Tests.Limits;

/// <summary>The token bucket per key, on a manual clock: bursts, refill, Retry-After, clock jumps, bounded keys, reports.</summary>
public sealed class KeyedRateLimiterTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void TryAcquire_AllowsTheBurst_ThenRefusesWithRetryAfter()
    {
        var limiter = Limiter(permitsPerSecond: 10, burst: 5);

        var allowed = Enumerable.Range(0, 5).Select(_ => limiter.TryAcquire("ses_a").IsAllowed).ToList();
        var refused = limiter.TryAcquire("ses_a");

        Assert.All(allowed, Assert.True);
        Assert.False(refused.IsAllowed);
        Assert.Equal(1, refused.RetryAfterSeconds);
    }

    [Fact]
    public void TryAcquire_Refills_AtTheRate()
    {
        var limiter = Limiter(permitsPerSecond: 10, burst: 5);
        Drain(limiter, "ses_a", 5);

        _time.Advance(TimeSpan.FromMilliseconds(99));
        var tooEarly = limiter.TryAcquire("ses_a");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var afterOneInterval = limiter.TryAcquire("ses_a");
        var thenEmptyAgain = limiter.TryAcquire("ses_a");
        _time.Advance(TimeSpan.FromSeconds(10));
        var afterAWhile = Enumerable.Range(0, 6).Select(_ => limiter.TryAcquire("ses_a").IsAllowed).ToList();

        Assert.False(tooEarly.IsAllowed);
        Assert.True(afterOneInterval.IsAllowed);
        Assert.False(thenEmptyAgain.IsAllowed);
        Assert.Equal([true, true, true, true, true, false], afterAWhile);
    }

    [Theory]
    [InlineData(0.1, 1, 10)]
    [InlineData(0.5, 3, 2)]
    [InlineData(50, 100, 1)]
    public void RetryAfter_IsTheWholeSecondsUntilAPermitIsFree(double permitsPerSecond, int burst, int expectedSeconds)
    {
        var limiter = Limiter(permitsPerSecond, burst);
        Drain(limiter, "h", burst);

        var refused = limiter.TryAcquire("h");
        _time.Advance(TimeSpan.FromSeconds(refused.RetryAfterSeconds));
        var retried = limiter.TryAcquire("h");

        Assert.Equal(expectedSeconds, refused.RetryAfterSeconds);
        Assert.True(retried.IsAllowed);
    }

    [Fact]
    public void Keys_AreLimitedApart()
    {
        var limiter = Limiter(permitsPerSecond: 1, burst: 2);
        Drain(limiter, "ses_flood", 2);

        Assert.False(limiter.TryAcquire("ses_flood").IsAllowed);
        Assert.True(limiter.TryAcquire("ses_other").IsAllowed);
        Assert.True(limiter.TryAcquire("ses_other").IsAllowed);
    }

    [Fact]
    public void ClockSetBack_DoesNotRefuseUntilItCatchesUp()
    {
        var limiter = Limiter(permitsPerSecond: 10, burst: 5);
        Drain(limiter, "ses_a", 5);

        _time.Advance(TimeSpan.FromHours(-1));
        var rightAfter = limiter.TryAcquire("ses_a");
        _time.Advance(TimeSpan.FromMilliseconds(100));
        var oneIntervalLater = limiter.TryAcquire("ses_a");

        Assert.False(rightAfter.IsAllowed);
        Assert.Equal(1, rightAfter.RetryAfterSeconds);
        Assert.True(oneIntervalLater.IsAllowed);
    }

    [Fact]
    public void ManyKeys_AreBounded_IdleOnesAreDropped()
    {
        var limiter = Limiter(permitsPerSecond: 10, burst: 2, maxKeys: 100);

        for (var i = 0; i < 10_000; i++)
        {
            Assert.True(limiter.TryAcquire("ses_" + i).IsAllowed);
            if (i % 50 == 0)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        Assert.InRange(limiter.TrackedKeys, 1, 100);
    }

    [Fact]
    public void Full_OfBusyKeys_NewKeysPassUntracked_AndBusyKeysStayLimited()
    {
        var limiter = Limiter(permitsPerSecond: 1, burst: 1, maxKeys: 100);
        for (var i = 0; i < 100; i++)
        {
            limiter.TryAcquire("busy_" + i);
        }

        var first = limiter.TryAcquire("new_1");
        var second = limiter.TryAcquire("new_2");
        var busy = limiter.TryAcquire("busy_7");

        Assert.Equal(100, limiter.TrackedKeys);
        Assert.True(first.IsAllowed);
        Assert.True(first.UntrackedToReport);
        Assert.True(second.IsAllowed);
        Assert.False(second.UntrackedToReport);
        Assert.False(busy.IsAllowed);
    }

    [Fact]
    public void Full_WhenBusyKeysGoIdle_NewKeysAreTrackedAgain()
    {
        var limiter = Limiter(permitsPerSecond: 1, burst: 1, maxKeys: 100);
        for (var i = 0; i < 100; i++)
        {
            limiter.TryAcquire("busy_" + i);
        }

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(limiter.TryAcquire("new").IsAllowed);
        var refused = limiter.TryAcquire("new");

        Assert.Equal(1, limiter.TrackedKeys);
        Assert.False(refused.IsAllowed);
    }

    [Fact]
    public void Refusals_AreReportedOncePerWindow_WithTheCountSinceTheLastReport()
    {
        var limiter = Limiter(permitsPerSecond: 1, burst: 1);
        limiter.TryAcquire("ses_a");

        var first = limiter.TryAcquire("ses_a");
        var quiet = Enumerable.Range(0, 9).Select(_ => limiter.TryAcquire("ses_a").RefusalsToReport).ToList();
        _time.Advance(KeyedRateLimiter.ReportWindow);
        limiter.TryAcquire("ses_a");
        var next = limiter.TryAcquire("ses_a");

        Assert.Equal(1, first.RefusalsToReport);
        Assert.All(quiet, q => Assert.Equal(0, q));
        Assert.Equal(10, next.RefusalsToReport);
    }

    [Fact]
    public async Task ConcurrentCallers_GetExactlyTheBurst()
    {
        var limiter = Limiter(permitsPerSecond: 1, burst: 1000);

        var allowed = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 500).Count(_ => limiter.TryAcquire("ses_a").IsAllowed))));

        Assert.Equal(1000, allowed.Sum());
    }

    private KeyedRateLimiter Limiter(double permitsPerSecond, int burst, int maxKeys = 10_000)
        => new(new RateLimitRule { PermitsPerSecond = permitsPerSecond, Burst = burst }, maxKeys, _time);

    private static void Drain(KeyedRateLimiter limiter, string key, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(limiter.TryAcquire(key).IsAllowed);
        }
    }
}
