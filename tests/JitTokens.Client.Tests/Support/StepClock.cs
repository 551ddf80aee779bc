namespace JitTokens.Client.Tests.Support;

/// <summary>
/// A clock whose timers fire at once: every pause the code under test asks for is recorded in
/// <see cref="Pauses"/> and moves the clock forward by that much, so poll loops run without sleeping.
/// </summary>
public sealed class StepClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _pauses = [];
    private DateTimeOffset _now = Start;

    public static DateTimeOffset Start { get; } = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<TimeSpan> Pauses
    {
        get
        {
            lock (_gate)
            {
                return [.. _pauses];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _pauses.Add(dueTime);
            _now += dueTime;
        }

        // As a real timer would: later, on another thread, never inside CreateTimer.
        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new FiredTimer();
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
