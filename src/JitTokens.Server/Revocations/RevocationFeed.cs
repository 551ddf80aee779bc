using System.Threading.Channels;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Errors;
using JitTokens.Core.Revocations;
using JitTokens.Core.Storage;
using JitTokens.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Revocations;

/// <summary>
/// Follows the store's revocation feed for this instance's SSE streams: one reader polls the store every
/// <see cref="RevocationFeedOptions.PollInterval"/> (on Redis, every instance reads the one shared feed) and hands
/// each new entry to every open stream. A stream subscribes before it reads its backlog from the store and skips
/// entries at or before the last cursor it sent, so nothing falls between the backlog and the live entries. A stream
/// that cannot keep up is closed rather than skipped: its client resumes from its cursor, and never misses an entry.
/// </summary>
internal sealed class RevocationFeed : BackgroundService
{
    private const int PageSize = 500;
    private readonly Lock _gate = new();
    private readonly IJitStore _store;
    private readonly IOptions<RevocationFeedOptions> _options;
    private readonly ILogger<RevocationFeed> _logger;
    private readonly List<Channel<RevocationItem>> _streams = [];
    private long _lastRead = long.MinValue;
    private bool _stopping;

    public RevocationFeed(IJitStore store, IOptions<RevocationFeedOptions> options, ILogger<RevocationFeed> logger, IHostApplicationLifetime lifetime)
    {
        _store = store;
        _options = options;
        _logger = logger;
        // Streams never end by themselves: end them as soon as the host starts stopping, so shutdown drains the
        // requests in flight instead of waiting out its timeout on open streams. Their clients resume elsewhere.
        lifetime.ApplicationStopping.Register(EndStreams);
    }

    /// <summary>
    /// A channel of the entries read from now on, or null when <see cref="RevocationFeedOptions.MaxStreams"/> are open.
    /// Once the host is stopping, the channel is already complete: the stream sends its backlog and ends.
    /// </summary>
    public Channel<RevocationItem>? Subscribe()
    {
        var options = _options;
        lock (_gate)
        {
            if (_stopping)
            {
                var ended = Channel.CreateBounded<RevocationItem>(1);
                ended.Writer.TryComplete();
                return ended;
            }

            if (_streams.Count >= options.Value.MaxStreams)
            {
                return null;
            }

            var channel = Channel.CreateBounded<RevocationItem>(new BoundedChannelOptions(options.Value.StreamBuffer) { SingleReader = true, SingleWriter = true });
            _streams.Add(channel);
            return channel;
        }
    }

    /// <summary>
    /// True while this instance has read the store's feed recently (within a few poll intervals and a second):
    /// only then may a stream tell its client, by a keepalive, that nothing is missing.
    /// </summary>
    public bool IsCurrent
    {
        get
        {
            var last = Interlocked.Read(ref _lastRead);
            return last != long.MinValue
                && TimeProvider.System.GetElapsedTime(last) < (_options.Value.PollInterval * 5) + TimeSpan.FromSeconds(1);
        }
    }

    private void EndStreams()
    {
        lock (_gate)
        {
            _stopping = true;
            _streams.ForEach(s => s.Writer.TryComplete());
            _streams.Clear();
        }
    }

    public void Unsubscribe(Channel<RevocationItem> channel)
    {
        lock (_gate)
        {
            _streams.Remove(channel);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Everything read is handed on, the backlog at start included: a stream skips what it already sent, and
        // holding anything back could hide an entry from a stream that read its own backlog just before it landed.
        var last = RevocationCursor.Start;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (true)
                {
                    var started = TimeProvider.System.GetUtcNow();
                    var read = await _store.ReadRevocationsAsync(last, PageSize, stoppingToken).ConfigureAwait(false);
                    if (read.Items.Count > 0)
                    {
                        // A span only for reads that found something: the feed polls every few milliseconds.
                        using var span = JitTelemetry.Start(JitTelemetry.Spans.RevocationFeedPublish);
                        span?.SetStartTime(started.UtcDateTime);
                        span?.SetTag(JitTelemetry.Tags.Count, read.Items.Count);
                        foreach (var item in read.Items)
                        {
                            Publish(item);
                        }
                    }

                    if (read.Next <= last)
                    {
                        break;
                    }

                    last = read.Next;
                }

                Interlocked.Exchange(ref _lastRead, TimeProvider.System.GetTimestamp());
            }
            catch (StoreUnavailableException e)
            {
                Log.BackgroundPassFailed(_logger, "revocation feed", e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.BackgroundPassFailed(_logger, "revocation feed", e.GetType().Name);
            }

            try
            {
                await Task.Delay(_options.Value.PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        lock (_gate)
        {
            _streams.ForEach(s => s.Writer.TryComplete());
            _streams.Clear();
        }
    }

    private void Publish(RevocationItem item)
    {
        lock (_gate)
        {
            for (var i = _streams.Count - 1; i >= 0; i--)
            {
                if (!_streams[i].Writer.TryWrite(item))
                {
                    _streams[i].Writer.TryComplete(); // the stream fell too far behind: it ends, and its client resumes from its cursor
                    _streams.RemoveAt(i);
                }
            }
        }
    }
}
