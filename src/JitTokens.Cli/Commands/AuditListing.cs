using System.Text.Json;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Cli.Output;
using JitTokens.Client;

namespace JitTokens.Cli.Commands;

/// <summary>
/// <c>jit audit</c> and <c>jit audit --follow</c>: matching events in log order on stdout, as a
/// table or NDJSON. A listing stops at its limit and names the cursor to read on from; following
/// goes on until Ctrl+C (exit 130) and names where it stopped.
/// </summary>
internal static class AuditListing
{
    /// <summary>
    /// Up to <paramref name="limit"/> matching events from the start (or the cursor). The server may
    /// end a page short of its limit after scanning its budget of events, so pages are read until
    /// the limit is reached or the cursor stops moving (the end of the log).
    /// </summary>
    public static async Task<int> ListAsync(CliContext context, JitTokensClient client, string human, AuditQuery query, int limit, bool json, CancellationToken cancellationToken)
    {
        var events = new List<AuditEvent>();
        var cursor = query.After;
        while (events.Count < limit)
        {
            var page = await client.ListAuditEventsAsync(human, query with { After = cursor, Limit = limit - events.Count }, cancellationToken);
            if (!page.IsSuccess)
            {
                return await Reporter.FailAsync(context, page.Problem);
            }

            events.AddRange(page.Value.Events);
            var moved = page.Value.Next != cursor;
            cursor = page.Value.Next;
            if (!moved)
            {
                break;
            }
        }

        if (events.Count == 0)
        {
            // Like kubectl: an empty answer is not an error, and stdout stays empty for scripts.
            await context.Error.WriteLineAsync("jit: no audit events");
            return ExitCodes.Ok;
        }

        await WriteAsync(context, json ? null : new AuditTable(context), events);
        if (events.Count == limit)
        {
            await context.Error.WriteLineAsync(Redactor.Clean($"jit: stopped at {limit} events; more may follow: add --after {cursor} to read on", context));
        }

        return ExitCodes.Ok;
    }

    /// <summary>Every matching event from the start (or the cursor), then new ones as they are written, polling every second.</summary>
    public static async Task<int> FollowAsync(CliContext context, JitTokensClient client, string human, AuditQuery query, bool json, CancellationToken cancellationToken)
    {
        var table = json ? null : new AuditTable(context, following: true);
        var cursor = query.After;
        await context.Error.WriteLineAsync("jit: following the issuance log (Ctrl+C stops)");
        try
        {
            await foreach (var page in client.FollowAuditEventsAsync(human, query with { Limit = AuditQuery.MaxLimit }, null, cancellationToken))
            {
                if (!page.IsSuccess)
                {
                    return await Reporter.FailAsync(context, page.Problem);
                }

                await WriteAsync(context, table, page.Value.Events);
                cursor = page.Value.Next;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Reporter.WriteAsync(context, "cancelled", cursor is null
                ? "stopped following"
                : $"stopped following; to go on from here, run it again with --after {cursor}");
            return ExitCodes.Cancelled;
        }

        // The client follows until cancelled or a failure it yields; an end without either is a bug.
        return ExitCodes.InternalError;
    }

    /// <summary>The events as table rows (<paramref name="table"/>) or NDJSON lines (null), flushed so a pipe sees them now.</summary>
    private static async Task WriteAsync(CliContext context, AuditTable? table, IReadOnlyList<AuditEvent> events)
    {
        var lines = table is null
            ? events.Select(e => JsonSerializer.Serialize(e, JitJson.Context.AuditEvent))
            : table.Lines(events);
        foreach (var line in lines)
        {
            await context.Out.WriteLineAsync(line);
        }

        await context.Out.FlushAsync();
    }
}
