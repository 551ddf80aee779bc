using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Client;

/// <summary>
/// The issuance log (DESIGN.md §3.6): reading, following, exporting and verifying it, as the
/// human of an auditor's or admin's token (<c>jit.auditor</c>, <c>jit.admin</c>; others get <c>access_denied</c>).
/// </summary>
public sealed partial class JitTokensClient
{
    /// <summary>How often <see cref="FollowAuditEventsAsync"/> asks for new events when it is caught up: every second.</summary>
    public static readonly TimeSpan DefaultAuditPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive failures that may pass (<c>unavailable</c>, no answer) that following rides out before giving up.</summary>
    internal const int MaxFollowRetries = 5;

    /// <summary>
    /// <c>GET /v1/audit</c>: one page of the events <paramref name="query"/> selects, in log order,
    /// at most <see cref="AuditQuery.Limit"/> (the server's 100 when null), with the cursor to go on
    /// from. A bad filter is <c>invalid_request</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="AuditQuery.Limit"/> is outside 1–1000.</exception>
    public Task<JitResult<AuditEventList>> ListAuditEventsAsync(string humanToken, AuditQuery? query = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(humanToken);
        var path = "v1/audit" + (query ?? new AuditQuery()).ToQueryString();
        return SendAsync(new HttpRequestMessage(HttpMethod.Get, Url(path)), humanToken, Expect(HttpStatusCode.OK, ClientJson.Reading.AuditEventList), cancellationToken);
    }

    /// <summary>
    /// Follows the log like <c>tail -f</c>: reads the events <paramref name="query"/> selects page by
    /// page (each page's <see cref="AuditEventList.Next"/> becomes the next <c>after</c>) without
    /// pausing while the cursor moves, then, once a page leaves it where it was, asks again every
    /// <paramref name="pollInterval"/> (<see cref="DefaultAuditPollInterval"/>, one second, when null);
    /// it yields each page that holds events. A failure that may pass is retried with a
    /// growing pause, five times in a row at most; any other failure, or the sixth, is yielded last and
    /// ends the enumeration. Otherwise it runs until <paramref name="cancellationToken"/> is cancelled,
    /// which throws <see cref="OperationCanceledException"/>. Pauses run on the client's <see cref="TimeProvider"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="AuditQuery.Limit"/> is outside 1–1000, or <paramref name="pollInterval"/> is not positive.</exception>
    public IAsyncEnumerable<JitResult<AuditEventList>> FollowAuditEventsAsync(string humanToken, AuditQuery? query = null, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(humanToken);
        var start = query ?? new AuditQuery();
        _ = start.ToQueryString(); // A bad limit throws here, not at the first MoveNextAsync.
        var interval = pollInterval ?? DefaultAuditPollInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(pollInterval));
        return FollowAsync(humanToken, start, interval, cancellationToken);
    }

    /// <summary>
    /// <c>GET /v1/audit/export</c>: copies the log as the server streams it, one NDJSON line at a
    /// time, to <paramref name="destination"/> (each line ending with <c>\n</c>): the events in log
    /// order, then one line per signed checkpoint (the lines with a <c>jws</c> member). Returns the
    /// number of lines copied. <see cref="HttpClient.Timeout"/> bounds the wait for the answer and
    /// for every line after it; a stream that breaks off or stalls is <c>unavailable</c>, and what was
    /// copied until then stays in <paramref name="destination"/>. Filters are allowed, but only an
    /// export of the whole log can be verified offline.
    /// </summary>
    public Task<JitResult<long>> ExportAuditAsync(string humanToken, TextWriter destination, AuditQuery? query = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(humanToken);
        ArgumentNullException.ThrowIfNull(destination);
        var path = "v1/audit/export" + (query ?? new AuditQuery()).ToQueryString();
        return SendAsync(new HttpRequestMessage(HttpMethod.Get, Url(path)), humanToken,
            (response, token) => CopyLinesAsync(response, destination, token), cancellationToken, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>
    /// <c>GET /v1/audit/verify</c>: the server checks its whole log (chain and checkpoints) and says
    /// whether it is intact, with the head, or the first bad seq and why.
    /// </summary>
    public Task<JitResult<AuditVerification>> VerifyAuditAsync(string humanToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(humanToken);
        return SendAsync(new HttpRequestMessage(HttpMethod.Get, Url("v1/audit/verify")), humanToken, Expect(HttpStatusCode.OK, ClientJson.Reading.AuditVerification), cancellationToken);
    }

    private async IAsyncEnumerable<JitResult<AuditEventList>> FollowAsync(string humanToken, AuditQuery query, TimeSpan interval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            // After a page the caller may have cancelled while handling it; catching up does not pause to notice.
            cancellationToken.ThrowIfCancellationRequested();
            var page = await ListAuditEventsAsync(humanToken, query, cancellationToken).ConfigureAwait(false);
            TimeSpan pause;
            if (page.IsSuccess)
            {
                failures = 0;
                var moved = page.Value.Next != query.After;
                query = query with { After = page.Value.Next };
                if (page.Value.Events.Count > 0)
                {
                    yield return page;
                }

                if (moved)
                {
                    // The server examined new events (a short page may only mean its scan budget ran out): catch up without pausing.
                    continue;
                }

                pause = interval;
            }
            else if (PassingFailures.IsPassing(page) && ++failures <= MaxFollowRetries)
            {
                pause = PassingFailures.Pause(interval, failures);
            }
            else
            {
                yield return page;
                yield break;
            }

            await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<JitResult<long>?> CopyLinesAsync(HttpResponseMessage response, TextWriter destination, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        // HttpClient.Timeout stopped counting when the headers arrived; this bounds each line instead.
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        long lines = 0;
        while (true)
        {
            stall.CancelAfter(_http.Timeout);
            string? line;
            try
            {
                line = await reader.ReadLineAsync(stall.Token).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                return JitResult.Failure<long>(ClientProblems.Unreachable(Issuer, $"the export broke off after {lines} line(s): {e.Message}"), 0);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return JitResult.Failure<long>(ClientProblems.Unreachable(Issuer, $"the export stalled after {lines} line(s): nothing within {_http.Timeout.TotalSeconds:0.#} seconds"), 0);
            }

            if (line is null)
            {
                break;
            }

            if (line.Length == 0)
            {
                continue;
            }

            await destination.WriteAsync((line + "\n").AsMemory(), cancellationToken).ConfigureAwait(false);
            lines++;
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        return JitResult.Success(lines, (int)response.StatusCode);
    }
}
