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
internal sealed partial class RedisAuditLog(RedisConnection connection, IOptions<RedisStoreOptions> options, ILogger<RedisAuditLog> logger) : IAuditLog, IDisposable
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
        if (events.Count == 0)
        {
            return AuditBatch.Empty;
        }

        // One append at a time per instance: the server has one writer anyway, and racing itself would only add conflicts.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await AppendOneAtATimeAsync(events, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
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

    private async Task<AuditBatch> AppendOneAtATimeAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var head = _head ?? await GetHeadAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var linked = AuditBatch.Link(events, head);
            var current = await TryAppendAsync(head, linked, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                _head = linked.Head;
                return linked;
            }

            _head = current;
            head = current;
            if (attempt == MaxAttempts || TimeProvider.System.GetElapsedTime(started) >= _budget)
            {
                throw new AuditUnavailableException($"the audit log is busy: {attempt} appends in a row found that another server instance had just appended");
            }
        }
    }

    /// <summary>
    /// One conditional append of <paramref name="linked"/> after <paramref name="expected"/>: null when stored,
    /// the current head when another instance moved it (nothing written).
    /// </summary>
    private async Task<AuditHead?> TryAppendAsync(AuditHead expected, AuditBatch linked, CancellationToken cancellationToken)
    {
        RedisKey[] keys = [_keys.Audit, _keys.AuditHead];
        var args = AppendArgs(expected, linked);
        RedisResult result;
        try
        {
            result = await connection.RunAsync(db => RedisAuditScripts.Append.EvaluateAsync(db, keys, args), cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException e) when (e.InnerException is RedisServerException)
        {
            // Redis refused the script (out of memory, read-only, loading…) before it wrote anything: a clear no.
            throw new AuditUnavailableException("the audit log could not be written: " + e.Message, e);
        }
        catch (StoreUnavailableException e)
        {
            await ResolveUnansweredAsync(linked, e, cancellationToken).ConfigureAwait(false);
            return null;
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
        return (long)parts[0] == 1 ? null : ParseHead((RedisValue)parts[1], (RedisValue)parts[2]);
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
