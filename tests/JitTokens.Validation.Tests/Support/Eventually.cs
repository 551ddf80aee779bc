using System.Diagnostics;

namespace JitTokens.Validation.Tests.Support;

/// <summary>Polls a condition instead of sleeping: returns how long it took, or fails with what was last seen.</summary>
public static class Eventually
{
    public static async Task<TimeSpan> WithinAsync(TimeSpan limit, Func<Task<bool>> condition, Func<string>? describe = null)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return started.Elapsed;
            }

            if (started.Elapsed > limit)
            {
                Assert.Fail($"not within {limit.TotalSeconds:0.#} s{(describe is null ? string.Empty : ": " + describe())}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }
}
