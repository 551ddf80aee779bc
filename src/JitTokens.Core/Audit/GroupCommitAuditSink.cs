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

    /// <summary>The log, when tokens are recorded with their events (<see cref="RecordsTokens"/>).</summary>
    private readonly ITokenRecordingAuditLog? _recorder;
    private volatile string? _lastFailure;

    /// <summary>
    /// A sink over <paramref name="log"/> and <paramref name="mirror"/>. With <paramref name="recordTokens"/>, new tokens are
    /// recorded with their events (<see cref="AppendIssuedAsync"/>): only when the log is an <see cref="ITokenRecordingAuditLog"/>
    /// writing where the store reads tokens.
    /// </summary>
    public GroupCommitAuditSink(IAuditLog log, IAuditMirror? mirror, TimeProvider time, TimeSpan timeout, JitMetrics? metrics = null, bool recordTokens = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        if (recordTokens && log is not ITokenRecordingAuditLog)
        {
            throw new ArgumentException("only a token-recording audit log can record tokens", nameof(recordTokens));
        }

        _recorder = recordTokens ? (ITokenRecordingAuditLog)log : null;
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

    public bool RecordsTokens => _recorder is not null;

    public Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
        => AppendAsync(new Pending(auditEvent, null, _time.GetTimestamp() + _timeoutTicks), cancellationToken);

    public async Task<bool> AppendIssuedAsync(AuditEvent auditEvent, NewToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (_recorder is null)
        {
            throw new NotSupportedException("this audit sink does not record tokens");
        }

        var pending = new Pending(auditEvent, token, _time.GetTimestamp() + _timeoutTicks);
        await AppendAsync(pending, cancellationToken).ConfigureAwait(false);
        return !pending.Refused;
    }

    private async Task AppendAsync(Pending pending, CancellationToken cancellationToken)
    {
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
                    var (appended, chained) = await AppendAsync(batch).ConfigureAwait(false);
                    if (appended.Count > 0)
                    {
                        handOn.Writer.TryWrite((appended, chained));
                    }
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

    /// <summary>
    /// Appends a batch to the primary log; returns the callers whose events it holds. With tokens to record, a caller
    /// whose token was refused (its session no longer live) is answered here, its event not appended.
    /// </summary>
    private async Task<(List<Pending> Appended, AuditBatch Chained)> AppendAsync(List<Pending> batch)
    {
        if (_recorder is null || !batch.Exists(p => p.Token is not null))
        {
            return (batch, await _log.AppendAsync([.. batch.Select(p => p.Event)], CancellationToken.None).ConfigureAwait(false));
        }

        // A token whose caller has already been failed (the watchdog) is not recorded: nobody will receive it.
        batch.RemoveAll(p => p.Token is not null && p.Done.Task.IsCompleted);
        if (batch.Count == 0)
        {
            return (batch, AuditBatch.Empty);
        }

        var (chained, ok) = await _recorder.AppendRecordingAsync([.. batch.Select(p => p.Event)], [.. batch.Select(p => p.Token)], CancellationToken.None).ConfigureAwait(false);
        if (Array.IndexOf(ok, false) < 0)
        {
            return (batch, chained);
        }

        var appended = new List<Pending>(batch.Count);
        var refused = new List<Pending>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (ok[i])
            {
                appended.Add(batch[i]);
            }
            else
            {
                batch[i].Refused = true; // read by its caller after Done completes
                refused.Add(batch[i]);
            }
        }

        Answer(refused, null);
        return (appended, chained);
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

    private sealed class Pending(AuditEvent auditEvent, NewToken? token, long deadline)
    {
        public AuditEvent Event { get; } = auditEvent;

        /// <summary>The token to record with the event, if any (<see cref="AppendIssuedAsync"/>).</summary>
        public NewToken? Token { get; } = token;

        /// <summary>Set before <see cref="Done"/> completes when <see cref="Token"/> was refused: the event was not appended.</summary>
        public bool Refused { get; set; }

        /// <summary>When the caller stops waiting, as a <see cref="TimeProvider.GetTimestamp"/> value.</summary>
        public long Deadline { get; } = deadline;

        /// <summary>Completed only by <see cref="Answer"/>, whose work item then runs the caller's continuation.</summary>
        public TaskCompletionSource Done { get; } = new();
    }
}
