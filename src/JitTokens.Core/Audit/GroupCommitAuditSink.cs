using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Errors;
using JitTokens.Core.Telemetry;

namespace JitTokens.Core.Audit;

/// <summary>
/// The audit sink of the server: group commit over the primary log and the mirror. One writer
/// drains whatever events are waiting and appends them to the primary (which chains them); a second
/// stage appends them to the mirror; only then are their callers completed. So the log never caps
/// issuance (one append and one flush per batch, the two stages overlapping) and nobody is answered
/// before their event is stored twice. A caller
/// waits at most the configured bound (checked by one watchdog timer, every tenth of the bound, rather
/// than a timer per caller on the issuance path), then gets <see cref="AuditUnavailableException"/>.
/// </summary>
internal sealed class GroupCommitAuditSink : IAuditSink, IAsyncDisposable
{
    private const int MaxBatch = 1024;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(16_384) { SingleReader = true });
    private readonly IAuditLog _log;
    private readonly IAuditMirror? _mirror;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly long _timeoutTicks;
    private readonly Task _writer;
    private readonly ITimer _watchdog;

    /// <summary>Every caller still waiting, oldest first (so deadlines are in order); completed ones are dropped as the watchdog meets them.</summary>
    private readonly ConcurrentQueue<Pending> _waiting = new();
    private readonly JitMetrics? _metrics;
    private volatile string? _lastFailure;

    public GroupCommitAuditSink(IAuditLog log, IAuditMirror? mirror, TimeProvider time, TimeSpan timeout, JitMetrics? metrics = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _log = log;
        _metrics = metrics;
        _mirror = mirror;
        _time = time;
        _timeout = timeout;
        _timeoutTicks = (long)(timeout.TotalSeconds * time.TimestampFrequency);
        var period = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 10, TimeSpan.TicksPerMillisecond * 5, TimeSpan.TicksPerMillisecond * 250));
        _watchdog = time.CreateTimer(_ => FailOverdue(), null, period, period);
        _writer = Task.Run(WriteLoopAsync);
    }

    public IAuditLog Log => _log;

    public async Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var pending = new Pending(auditEvent, _time.GetTimestamp() + _timeoutTicks);
        _waiting.Enqueue(pending);
        try
        {
            if (!_queue.Writer.TryWrite(pending))
            {
                await _queue.Writer.WriteAsync(pending, cancellationToken).AsTask().WaitAsync(_timeout, _time, cancellationToken).ConfigureAwait(false);
            }

            // Not cancelled by the caller once queued: the event is on its way into the log either way, and the
            // watchdog bounds the wait. (A cancellation promise per request would cost the hot path more than it saves.)
            await pending.Done.Task.ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new AuditUnavailableException($"the audit log did not confirm the event within {_timeout.TotalSeconds:0.#}s", e);
        }
        catch (ChannelClosedException e)
        {
            throw new AuditUnavailableException("the audit log is shutting down", e);
        }
    }

    public Task CheckWritableAsync(CancellationToken cancellationToken)
    {
        if (_writer.IsCompleted)
        {
            throw new AuditUnavailableException("the audit writer has stopped");
        }

        return _lastFailure is { } failure ? throw new AuditUnavailableException(failure) : Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _watchdog.DisposeAsync().ConfigureAwait(false);
        (_log as IDisposable)?.Dispose();
        (_mirror as IDisposable)?.Dispose();
    }

    /// <summary>
    /// Two stages, so the primary append of one batch overlaps the mirror's write and fsync of the
    /// one before it: the primary stage appends batches in order and hands them on; the mirror stage
    /// writes whatever has been handed on in one write and one fsync, then answers those callers.
    /// </summary>
    private async Task WriteLoopAsync()
    {
        var handOn = Channel.CreateUnbounded<(List<Pending> Batch, AuditBatch Chained)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        // Each batch's span is a trace of its own, whoever's request happened to create the sink.
        Activity.Current = null;
        var mirrorStage = Task.Run(() => MirrorLoopAsync(handOn.Reader));
        try
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                var batch = new List<Pending>(Math.Min(MaxBatch, 64));
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                using var span = JitTelemetry.Start(JitTelemetry.Spans.AuditCommit);
                span?.SetTag(JitTelemetry.Tags.BatchSize, batch.Count);
                try
                {
                    var chained = await _log.AppendAsync([.. batch.Select(p => p.Event)], CancellationToken.None).ConfigureAwait(false);
                    handOn.Writer.TryWrite((batch, chained));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Whatever went wrong, these callers fail closed and the writer lives on for the next batch.
                    span.Fail(ErrorCodes.Unavailable);
                    Fail(batch, e);
                }
            }
        }
        finally
        {
            handOn.Writer.TryComplete();
            await mirrorStage.ConfigureAwait(false);
        }
    }

    private async Task MirrorLoopAsync(ChannelReader<(List<Pending> Batch, AuditBatch Chained)> handedOn)
    {
        var batches = new List<(List<Pending> Batch, AuditBatch Chained)>();
        while (await handedOn.WaitToReadAsync().ConfigureAwait(false))
        {
            batches.Clear();
            while (handedOn.TryRead(out var next))
            {
                batches.Add(next);
            }

            var waiting = batches.SelectMany(b => b.Batch).ToList();
            try
            {
                if (_mirror is not null)
                {
                    await _mirror.WriteAsync([.. batches.Select(b => b.Chained)], CancellationToken.None).ConfigureAwait(false);
                }

                _lastFailure = null;
                Measure(waiting);
                Answer(waiting, null);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The primary has these events but the separate copy does not: the callers fail closed.
                Fail(waiting, e);
            }
        }
    }

    /// <summary>The watchdog: fails every caller whose bound has passed, oldest first; stops at the first one still within it.</summary>
    private void FailOverdue()
    {
        var now = _time.GetTimestamp();
        while (_waiting.TryPeek(out var oldest))
        {
            if (!oldest.Done.Task.IsCompleted && now < oldest.Deadline)
            {
                return;
            }

            if (_waiting.TryDequeue(out var next) && !next.Done.Task.IsCompleted)
            {
                Answer([next], new AuditUnavailableException($"the audit log did not confirm the event within {_timeout.TotalSeconds:0.#}s", new TimeoutException()));
            }
        }
    }

    private void Fail(List<Pending> batch, Exception e)
    {
        _lastFailure = "the last audit write failed: " + e.Message;
        var failure = e as AuditUnavailableException ?? new AuditUnavailableException("the audit log could not be written", e);
        Answer(batch, failure);
    }

    /// <summary>Records each event's wait, from its hand-over to its commit in both copies.</summary>
    private void Measure(List<Pending> committed)
    {
        if (_metrics is not { AuditWriteEnabled: true } metrics)
        {
            return;
        }

        var now = _time.GetTimestamp();
        foreach (var pending in committed)
        {
            if (pending.Done.Task.IsCompleted)
            {
                continue; // the watchdog already failed this caller: not a write time anyone waited for
            }

            metrics.AuditWritten((double)(now - (pending.Deadline - _timeoutTicks)) / _time.TimestampFrequency);
        }
    }

    /// <summary>Answers callers off the writer's stages (<see cref="GroupAnswers"/>), so the stages never run a caller's code.</summary>
    private void Answer(List<Pending> callers, AuditUnavailableException? failure)
        => GroupAnswers.Queue(callers, (failure, metrics: _metrics), static (pending, _, s) =>
        {
            if (s.failure is null)
            {
                pending.Done.TrySetResult();
            }
            else if (pending.Done.TrySetException(s.failure))
            {
                // Counted where a caller is failed, once: the watchdog may have failed it before its batch did.
                s.metrics?.AuditFailed(1);
            }
        });

    private sealed class Pending(AuditEvent auditEvent, long deadline)
    {
        public AuditEvent Event { get; } = auditEvent;

        /// <summary>When the caller stops waiting, as a <see cref="TimeProvider.GetTimestamp"/> value.</summary>
        public long Deadline { get; } = deadline;

        /// <summary>Completed only by <see cref="Answer"/>, whose work item then runs the caller's continuation.</summary>
        public TaskCompletionSource Done { get; } = new();
    }
}
