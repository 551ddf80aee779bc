using System.Collections.Concurrent;
using System.Diagnostics;

namespace JitTokens.Server.Tests.Telemetry;

/// <summary>
/// Records every span of the issuer's ActivitySource and ASP.NET Core's that ends while it listens. Listeners
/// are process-wide and tests run in parallel, so tests pick their own spans out by trace id.
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    public static readonly string[] Sources = ["JitTokens", "Microsoft.AspNetCore"];

    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => Sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) => [.. _stopped.Where(a => a.TraceId == traceId)];

    public IReadOnlyList<Activity> Named(string name) => [.. _stopped.Where(a => a.OperationName == name)];

    public void Dispose() => _listener.Dispose();

    /// <summary>A W3C traceparent for a new sampled trace, so the server's spans for one request join a trace the test knows.</summary>
    public static (ActivityTraceId TraceId, string Header) NewTrace()
    {
        var traceId = ActivityTraceId.CreateRandom();
        return (traceId, $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
    }
}
