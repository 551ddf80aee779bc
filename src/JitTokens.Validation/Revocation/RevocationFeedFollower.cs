using System.Text;
using System.Text.Json;
using JitTokens.Validation.Issuer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JitTokens.Validation.Revocation;

/// <summary>
/// Follows the issuer's revocation feed (DESIGN.md §3.5): reads every page after the last cursor
/// (<c>GET /v1/revocations</c>), then listens to the event stream from that cursor, and on any
/// failure starts over from the last cursor after a backoff, so an event missed while
/// disconnected is read on the next catch-up: a missed event is never a missed revocation.
/// </summary>
internal sealed class RevocationFeedFollower(
    IssuerClient issuer,
    RevocationList revocations,
    FeedHealth health,
    IOptions<JitTokensOptions> options,
    TimeProvider time,
    ILogger<RevocationFeedFollower> logger)
{
    /// <summary>Entries per catch-up page: the most the feed serves.</summary>
    public const int PageSize = 1000;

    private static readonly TimeSpan PruneInterval = TimeSpan.FromSeconds(30);
    private long _lastPrune;
    private string? _cursor;

    /// <summary>The cursor of the last entry applied, or the last <c>next</c> read; null before the first read.</summary>
    public string? Cursor => Volatile.Read(ref _cursor);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(IssuerEndpoints endpoints, CancellationToken cancellationToken)
    {
        var backoff = new Backoff(options.Value.RetryMaxDelay);
        _lastPrune = time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await CatchUpAsync(endpoints.RevocationFeed, cancellationToken).ConfigureAwait(false);
                if (await FollowAsync(endpoints.RevocationStream, cancellationToken).ConfigureAwait(false))
                {
                    backoff.Reset();
                }

                Log.FeedStreamEnded(logger);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever went wrong, keep trying: a stopped follower would fail every token closed forever
                // (and an exception out of a hosted service stops the host). Expected failures are the
                // network's (HttpRequestException, IOException, TimeoutException) and the issuer's answers.
                Log.FeedFailed(logger, e.GetType().Name, e.Message, health.Silence == TimeSpan.MaxValue ? -1 : health.Silence.TotalSeconds);
            }

            await Task.Delay(backoff.Next(), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads pages until one is not full: every entry the feed held when the read started is applied.</summary>
    private async Task CatchUpAsync(Uri feed, CancellationToken cancellationToken)
    {
        var read = 0;
        while (true)
        {
            var page = await issuer.GetRevocationsAsync(feed, Cursor, PageSize, cancellationToken).ConfigureAwait(false);
            var items = page.Items ?? [];
            foreach (var item in items)
            {
                Apply(item);
            }

            if (!string.IsNullOrEmpty(page.Next))
            {
                Volatile.Write(ref _cursor, page.Next);
            }

            read += items.Count;
            if (items.Count < PageSize)
            {
                break;
            }
        }

        health.CaughtUp();
        Log.FeedCaughtUp(logger, read, Cursor ?? "(start)", revocations.Count);
        PruneIfDue();
    }

    /// <summary>Reads the stream until it ends (returns whether anything arrived) or stays silent too long (throws).</summary>
    private async Task<bool> FollowAsync(Uri stream, CancellationToken cancellationToken)
    {
        using var response = await issuer.OpenRevocationStreamAsync(stream, Cursor, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            using var reader = new StreamReader(body, Encoding.UTF8);
            var parser = new ServerSentEventParser();

            // Reconnect well before the feed counts as stale, so a half-open connection does not make it so.
            var silenceLimit = options.Value.FeedStaleAfter / 2;
            var heard = false;
            Log.FeedStreamOpened(logger, Cursor ?? "(start)");
            while (true)
            {
                var line = await ReadLineAsync(reader, silenceLimit, cancellationToken).ConfigureAwait(false);
                if (line is null)
                {
                    return heard;
                }

                heard = true;
                health.Heard();
                if (parser.Feed(line) is { Type: "revocation" } revocation)
                {
                    Apply(JsonSerializer.Deserialize(revocation.Data, IssuerJsonContext.Default.RevocationItemDocument)
                        ?? throw new IssuerException("a revocation event without an entry"), revocation.Id);
                }

                PruneIfDue();
            }
        }
    }

    private static async Task<string?> ReadLineAsync(StreamReader reader, TimeSpan silenceLimit, CancellationToken cancellationToken)
    {
        using var silent = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        silent.CancelAfter(silenceLimit);
        try
        {
            return await reader.ReadLineAsync(silent.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the revocation stream was silent for {silenceLimit.TotalSeconds:0.#} s", e);
        }
    }

    private void Apply(RevocationItemDocument item, string? eventId = null)
    {
        if (string.IsNullOrEmpty(item.Kind) || string.IsNullOrEmpty(item.Id) || item.ExpiresAt is not { } expiresAt)
        {
            // Skipping it could miss a revocation: fail (and so, after a while, fail closed) instead.
            throw new IssuerException("a revocation entry without kind, id or expires_at");
        }

        // Entries whose tokens are all expired already need no memory (their tokens fail on exp).
        if (expiresAt + options.Value.ClockSkew >= time.GetUtcNow())
        {
            if (revocations.Add(item.Kind, item.Id, expiresAt))
            {
                Log.RevocationApplied(logger, item.Kind, item.Id);
            }
            else
            {
                Log.UnknownRevocationKind(logger, item.Kind);
            }
        }

        if ((item.Cursor ?? eventId) is { Length: > 0 } cursor)
        {
            Volatile.Write(ref _cursor, cursor);
        }
    }

    private void PruneIfDue()
    {
        if (time.GetElapsedTime(_lastPrune) < PruneInterval)
        {
            return;
        }

        _lastPrune = time.GetTimestamp();
        var dropped = revocations.Prune(time.GetUtcNow(), options.Value.ClockSkew);
        if (dropped > 0)
        {
            Log.RevocationsPruned(logger, dropped, revocations.Count);
        }
    }
}
