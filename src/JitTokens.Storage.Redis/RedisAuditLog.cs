using System.Globalization;
using System.Text.Json;
using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Audit;
using JitTokens.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JitTokens.Storage.Redis;

/// <summary>
/// The issuance log in Redis (DESIGN.md §3.6), shared by every server instance on that Redis: one chain,
/// whichever instance writes. Redis's Lua has no SHA-256, so batches are linked here with optimistic
/// concurrency: link after the head this instance last saw, then one script (<see cref="RedisAuditScripts.Append"/>)
/// appends the whole batch only if the head is still that one (seq and hash), or writes nothing and answers the
/// current head, after which the batch is linked again (at most <see cref="MaxAttempts"/> times, and not after
/// <see cref="RedisStoreOptions.OperationTimeout"/>). An append that gets no answer is resolved in
/// <c>RedisAuditLog.Unanswered.cs</c>; a batch is never sent twice. Every failure is <see cref="AuditUnavailableException"/>.
/// The keys never expire (<see cref="RedisKeys"/>). Durability is Redis's: run it with AOF
/// (<c>appendfsync always</c> matches the file log's fsync per batch). A Redis that comes back empty starts a new
/// chain at seq 1; its checkpoints went with it, so only the mirror file shows what was lost.
/// </summary>
/// <remarks>
/// There is no <see cref="TimeProvider"/>: events carry their own times, and the retry budget, like
/// <see cref="RedisConnection"/>'s timeouts, must run on the system clock, never on an injected (possibly manual) one.
/// </remarks>
internal sealed partial class RedisAuditLog(RedisConnection connection, IOptions<RedisStoreOptions> options, ILogger<RedisAuditLog> logger) : ITokenRecordingAuditLog, IDisposable
{
    /// <summary>
    /// Appends that may find the head moved before one gives up. Each such answer means another instance appended, and
    /// the next try links after it at once: with n instances appending flat out, an instance wins a round about 1 in n,
    /// so losing a thousand in a row does not happen, while a conflict costs one short round trip. The real bound is
    /// <see cref="RedisStoreOptions.OperationTimeout"/>, after which no new try starts.
    /// </summary>
    internal const int MaxAttempts = 1000;

    private const string EntryIdSuffix = "-0";
    private readonly RedisKeys _keys = new(options.Value.KeyPrefix);
    private readonly TimeSpan _budget = options.Value.OperationTimeout;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The head after this instance's last append, or null when it must be read first. Only a guess: the script checks it. Under <see cref="_gate"/>.</summary>
    private AuditHead? _head;

    public async Task<AuditBatch> AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events.Count == 0 ? AuditBatch.Empty : (await AppendGatedAsync(events, null, cancellationToken).ConfigureAwait(false)).Chained;
    }

    /// <summary>
    /// The events and, in the same script (<see cref="RedisAuditScripts.AppendRecording"/>), their tokens, stored as
    /// <see cref="RedisJitStore"/> stores a new token (same keys, same checks); an event whose token is refused is left out.
    /// </summary>
    public Task<(AuditBatch Chained, bool[] Appended)> AppendRecordingAsync(IReadOnlyList<AuditEvent> events, IReadOnlyList<NewToken?> tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count != events.Count)
        {
            throw new ArgumentException($"{tokens.Count} tokens for {events.Count} events", nameof(tokens));
        }

        return events.Count == 0 ? Task.FromResult((AuditBatch.Empty, Array.Empty<bool>())) : AppendGatedAsync(events, tokens, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEvent>> ReadAsync(long afterSeq, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0 || afterSeq == long.MaxValue)
        {
            return [];
        }

        RedisValue[] args = [afterSeq < 0 ? "-" : EntryId(afterSeq + 1), limit];
        var result = await RunAsync(db => RedisAuditScripts.Read.EvaluateAsync(db, [_keys.Audit], args), "be read", cancellationToken).ConfigureAwait(false);
        var pairs = (RedisValue[])result!;
        var events = new List<AuditEvent>(pairs.Length / 2);
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            events.Add(ParseEvent(pairs[i], pairs[i + 1]));
        }

        return events;
    }

    public async Task<AuditHead> GetHeadAsync(CancellationToken cancellationToken)
    {
        var fields = await RunAsync(db => db.HashGetAsync(_keys.AuditHead, [RedisFields.Seq, RedisFields.Hash]), "be read", cancellationToken).ConfigureAwait(false);
        return fields[0].IsNull ? new AuditHead(0, AuditChain.Genesis) : ParseHead(fields[0], fields[1]);
    }

    public Task AddCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var json = JsonSerializer.Serialize(checkpoint, JitJson.Context.AuditCheckpoint);
        return RunAsync(db => db.ListRightPushAsync(_keys.AuditCheckpoints, json), "store the checkpoint", cancellationToken);
    }

    public async Task<IReadOnlyList<AuditCheckpoint>> ReadCheckpointsAsync(CancellationToken cancellationToken)
    {
        var items = await RunAsync(db => db.ListRangeAsync(_keys.AuditCheckpoints), "be read", cancellationToken).ConfigureAwait(false);
        return [.. items.Select(i => JsonSerializer.Deserialize((string)i!, JitJson.Context.AuditCheckpoint)
            ?? throw new InvalidDataException($"A stored audit checkpoint in {_keys.AuditCheckpoints} is null."))];
    }

    /// <summary>Releases the append gate only: the connection belongs to the container.</summary>
    public async Task<long> TrimThroughAsync(long seq, CancellationToken cancellationToken)
    {
        var result = await RunAsync(db => RedisAuditScripts.Trim.EvaluateAsync(db, [_keys.Audit], [EntryId(seq + 1)]), "be trimmed", cancellationToken).ConfigureAwait(false);
        return (long)result;
    }

    public void Dispose()
    {
        _gate.Dispose();
        if (OwnsConnection)
        {
            connection.Dispose();
        }
    }

    /// <summary>
    /// True when this log has a connection of its own (<see cref="RedisServiceCollectionExtensions.AddRedisAuditLog"/>
    /// gives it one): audit batches are large, and on the store's connection they would queue the
    /// issuance hot path's single round trip behind them.
    /// </summary>
    internal bool OwnsConnection { get; init; }

    private async Task<(AuditBatch Chained, bool[] Appended)> AppendGatedAsync(IReadOnlyList<AuditEvent> events, IReadOnlyList<NewToken?>? tokens, CancellationToken cancellationToken)
    {
        // One append at a time per instance: the server has one writer anyway, and racing itself would only add conflicts.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await AppendOneAtATimeAsync(events, tokens, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(AuditBatch Chained, bool[] Appended)> AppendOneAtATimeAsync(IReadOnlyList<AuditEvent> events, IReadOnlyList<NewToken?>? tokens, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var appended = new bool[events.Count];
        Array.Fill(appended, true);
        var positions = Enumerable.Range(0, events.Count).ToList(); // where each event still in the batch came from
        var head = _head ?? await GetHeadAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            if (events.Count == 0)
            {
                return (AuditBatch.Empty, appended); // every token was refused: nothing to write
            }

            var linked = AuditBatch.Link(events, head);
            var (current, refused) = await TryAppendAsync(head, linked, tokens, cancellationToken).ConfigureAwait(false);
            if (refused is not null)
            {
                // Those tokens' sessions are no longer live: nothing was written; link the rest again, after the same head.
                var drop = refused.ToHashSet();
                foreach (var i in drop)
                {
                    appended[positions[i]] = false;
                }

                var keep = Enumerable.Range(0, events.Count).Where(i => !drop.Contains(i)).ToList();
                positions = [.. keep.Select(i => positions[i])];
                events = [.. keep.Select(i => events[i])];
                tokens = [.. keep.Select(i => tokens![i])];
                continue;
            }

            if (current is null)
            {
                _head = linked.Head;
                return (linked, appended);
            }

            _head = current;
            head = current;
            if (attempt >= MaxAttempts || TimeProvider.System.GetElapsedTime(started) >= _budget)
            {
                throw new AuditUnavailableException($"the audit log is busy: {attempt} appends in a row found that another server instance had just appended");
            }
        }
    }

    /// <summary>
    /// One conditional append of <paramref name="linked"/> after <paramref name="expected"/>, with the batch's tokens if any:
    /// (null, null) when stored; the current head when another instance moved it, or the positions in the batch of the
    /// events whose tokens were refused (nothing written either way).
    /// </summary>
    private async Task<(AuditHead? Current, int[]? Refused)> TryAppendAsync(AuditHead expected, AuditBatch linked, IReadOnlyList<NewToken?>? tokens, CancellationToken cancellationToken)
    {
        var recording = tokens is not null && tokens.Any(t => t is not null);
        var (keys, args) = recording ? RecordingArgs(expected, linked, tokens!) : ([_keys.Audit, _keys.AuditHead], AppendArgs(expected, linked));
        var script = recording ? RedisAuditScripts.AppendRecording : RedisAuditScripts.Append;
        RedisResult result;
        try
        {
            result = await connection.RunAsync(db => script.EvaluateAsync(db, keys, args), cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException e) when (e.InnerException is RedisServerException)
        {
            // Redis refused the script (out of memory, read-only, loading…) before it wrote anything: a clear no.
            throw new AuditUnavailableException("the audit log could not be written: " + e.Message, e);
        }
        catch (StoreUnavailableException e)
        {
            await ResolveUnansweredAsync(linked, e, cancellationToken).ConfigureAwait(false);
            return (null, null);
        }
        catch (OperationCanceledException)
        {
            // The caller stopped waiting; the script may still run. Whatever the head is now, it is read again next time.
            _head = null;
            throw;
        }
        catch (RedisServerException e)
        {
            throw new AuditUnavailableException(
                $"Redis refused the audit append ({e.Message}): the stream {_keys.Audit} is ahead of its head {_keys.AuditHead}, which was lost or edited. Appending would fork the chain; restore the head from the stream's last event.",
                e);
        }

        var parts = (RedisResult[])result!;
        return (long)parts[0] switch
        {
            1 => (null, null),
            2 => (null, [.. ((RedisValue[])parts[1]!).Select(p => (int)p - 1)]),
            _ => (ParseHead((RedisValue)parts[1], (RedisValue)parts[2]), null),
        };
    }

    /// <summary>KEYS and ARGV of <see cref="RedisAuditScripts.AppendRecording"/>: the batch's events, then each token with its event's position.</summary>
    private (RedisKey[] Keys, RedisValue[] Args) RecordingArgs(AuditHead expected, AuditBatch linked, IReadOnlyList<NewToken?> tokens)
    {
        var count = tokens.Count(t => t is not null);
        var keys = new RedisKey[2 + (3 * count)];
        var args = new RedisValue[6 + (2 * linked.Count) + (RedisAuditScripts.RecordingArgs * count)];
        keys[0] = _keys.Audit;
        keys[1] = _keys.AuditHead;
        args[0] = Text(expected.Seq);
        args[1] = expected.Hash;
        args[2] = Text(linked[^1].Seq);
        args[3] = linked[^1].Hash;
        args[4] = linked.Count;
        args[5] = count;
        for (var i = 0; i < linked.Count; i++)
        {
            args[6 + (2 * i)] = EntryId(linked[i].Seq);
            args[7 + (2 * i)] = linked.Json(i);
        }

        int k = 2, a = 6 + (2 * linked.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] is not { } t)
            {
                continue;
            }

            keys[k++] = _keys.Session(t.Token.SessionId);
            keys[k++] = _keys.Token(t.Token.Id);
            keys[k++] = _keys.SessionTokens(t.Token.SessionId);
            args[a++] = i + 1;
            args[a++] = RedisTime.Ticks(t.Now);
            foreach (var value in RedisJitStore.TokenArgs(t.Token, t.Now))
            {
                args[a++] = value;
            }
        }

        return (keys, args);
    }

    private async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> operation, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await connection.RunAsync(operation, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException e)
        {
            throw new AuditUnavailableException($"the audit log could not {what}: {e.Message}", e);
        }
    }

    private static RedisValue[] AppendArgs(AuditHead expected, AuditBatch linked)
    {
        var args = new RedisValue[4 + (2 * linked.Count)];
        args[0] = Text(expected.Seq);
        args[1] = expected.Hash;
        args[2] = Text(linked[^1].Seq);
        args[3] = linked[^1].Hash;
        for (var i = 0; i < linked.Count; i++)
        {
            args[4 + (2 * i)] = EntryId(linked[i].Seq);
            args[5 + (2 * i)] = linked.Json(i);
        }

        return args;
    }

    private AuditHead ParseHead(RedisValue seq, RedisValue hash)
    {
        if (!long.TryParse((string?)seq, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 0
            || (value > 0 && ((string?)hash)?.Length != AuditChain.Genesis.Length))
        {
            throw new AuditUnavailableException($"the audit head {_keys.AuditHead} is damaged (seq '{seq}'); restore it from the stream's last event");
        }

        return value == 0 ? new AuditHead(0, AuditChain.Genesis) : new AuditHead(value, (string)hash!);
    }

    private static AuditEvent ParseEvent(RedisValue id, RedisValue json)
    {
        try
        {
            return JsonSerializer.Deserialize((string)json!, JitJson.Context.AuditEvent)
                ?? throw new InvalidDataException($"The audit entry {id} holds null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The audit entry {id} does not hold an event: {e.Message}", e);
        }
    }

    private static string EntryId(long seq) => Text(seq) + EntryIdSuffix;

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
