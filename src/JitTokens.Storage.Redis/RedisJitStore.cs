using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Errors;
using JitTokens.Core.Json;
using JitTokens.Core.Revocations;
using JitTokens.Core.Sessions;
using JitTokens.Core.Storage;
using JitTokens.Core.Tokens;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JitTokens.Storage.Redis;

/// <summary>
/// <see cref="IJitStore"/> on one Redis instance (standalone or a primary with replicas; not Redis
/// Cluster: the scripts reach keys derived from set members). Every change is one Lua script
/// (<see cref="RedisScripts"/>), so it is atomic and one round trip. Expiry is judged twice: logically
/// on every read against the injected <see cref="TimeProvider"/>, like the in-memory store, and
/// physically by a TTL on every key, so Redis reclaims the memory. Every call is bounded by
/// <see cref="RedisStoreOptions.OperationTimeout"/> and fails with
/// <see cref="Core.Errors.StoreUnavailableException"/> when Redis cannot answer. Escalations and the
/// chat outbox are in the other parts of this class.
/// </summary>
internal sealed partial class RedisJitStore(RedisConnection connection, IOptions<RedisStoreOptions> options, TimeProvider time) : IJitStore
{
    private static readonly TimeSpan HealthKeyLifetime = TimeSpan.FromSeconds(30);
    private readonly RedisKeys _keys = new(options.Value.KeyPrefix);
    private readonly RedisTokenWriter _tokens = new(connection);

    public Task CreateSessionAsync(SessionRecord session, string tokenHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = time.GetUtcNow();
        RedisKey[] keys = [_keys.Session(session.Id), _keys.SessionByTokenHash(tokenHash), _keys.Sessions, _keys.SessionsOf(session.Owner)];
        RedisValue[] args =
        [
            _keys.Prefix, RedisTime.Ticks(now), Serialize(session with { EndedAt = null }, StoreJsonContext.Default.SessionRecord), RedisTime.Ticks(session.ExpiresAt),
            RedisTime.TtlMilliseconds(session.ExpiresAt, now), RedisTime.NewestFirstScore(session.CreatedAt), session.Id, session.Owner,
        ];
        return connection.RunAsync(db => RedisScripts.CreateSession.EvaluateAsync(db, keys, args), cancellationToken);
    }

    public async Task<SessionRecord?> FindSessionByTokenHashAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var result = await connection.RunAsync(
            db => RedisScripts.FindSessionByTokenHash.EvaluateAsync(db, [_keys.SessionByTokenHash(tokenHash)], [_keys.Prefix]),
            cancellationToken).ConfigureAwait(false);
        return result.IsNull ? null : LiveSession((RedisValue[])result!);
    }

    public async Task<SessionRecord?> GetSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var fields = await connection.RunAsync(
            db => db.HashGetAsync(_keys.Session(sessionId), [RedisFields.Data, RedisFields.Ended]),
            cancellationToken).ConfigureAwait(false);
        return LiveSession(fields);
    }

    public async Task<IReadOnlyList<SessionRecord>> ListSessionsAsync(string? owner, bool activeOnly, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return [];
        }

        var index = owner is null ? _keys.Sessions : _keys.SessionsOf(owner);
        RedisValue[] args = [_keys.Prefix, RedisTime.Ticks(time.GetUtcNow()), activeOnly ? "1" : "0", limit];
        var result = await connection.RunAsync(
            db => RedisScripts.ListSessions.EvaluateAsync(db, [index], args), cancellationToken).ConfigureAwait(false);
        var pairs = (RedisValue[])result!;
        var sessions = new List<SessionRecord>(pairs.Length / 2);
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            sessions.Add(ReadSession(pairs[i], pairs[i + 1]));
        }

        // The script returns whole milliseconds; the exact order (and tie-break) is decided here.
        return [.. sessions.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).Take(limit)];
    }

    public async Task<SessionEndResult> EndSessionAsync(string sessionId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        RedisKey[] keys = [_keys.Session(sessionId), _keys.SessionTokens(sessionId), _keys.SessionEscalations(sessionId), _keys.DueEscalations];
        var now = time.GetUtcNow();
        RedisValue[] args = [_keys.Prefix, RedisTime.Ticks(now), RedisTime.Ticks(at), RedisTime.Text(at), RedisTime.Milliseconds(now), sessionId, RedisTime.Ticks(now - RevocationRead.Grace)];
        var result = await connection.RunAsync(
            db => RedisScripts.EndSession.EvaluateAsync(db, keys, args), cancellationToken).ConfigureAwait(false);
        var parts = (RedisResult[])result!;
        var outcome = (int)parts[0];
        if (outcome == 0)
        {
            return SessionEndResult.NotFound;
        }

        var session = ReadSession((RedisValue)parts[1], (RedisValue)parts[2]);
        return outcome == 2
            ? new SessionEndResult(session, true, [], [])
            : new SessionEndResult(session, false, Ids(parts[3]), Ids(parts[4]));
    }

    public Task<bool> AddTokenAsync(TokenRecord token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow();
        RedisKey[] keys = [_keys.Session(token.SessionId), _keys.Token(token.Id), _keys.SessionTokens(token.SessionId)];
        RedisValue[] args = [RedisTime.Ticks(now), .. TokenArgs(token, now)];
        // Grouped with the tokens of concurrent requests; the caller waits for its own answer (not cancellable
        // once queued, like the audit append: the write is shared and bounded by the operation timeout).
        return _tokens.AddAsync(keys, args);
    }

    public async Task<TokenRecord?> GetTokenAsync(string tokenId, CancellationToken cancellationToken)
    {
        var fields = await connection.RunAsync(
            db => db.HashGetAsync(_keys.Token(tokenId), [RedisFields.Data, RedisFields.Revoked, RedisFields.Consumed]),
            cancellationToken).ConfigureAwait(false);
        if (fields[0].IsNull)
        {
            return null;
        }

        var token = Deserialize(fields[0], StoreJsonContext.Default.TokenRecord) with
        {
            RevokedAt = RedisTime.ParseText(fields[1]),
            ConsumedAt = RedisTime.ParseText(fields[2]),
        };
        return token.ExpiresAt > time.GetUtcNow() ? token : null;
    }

    public async Task<bool> RevokeTokenAsync(string tokenId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        RedisValue[] args = [RedisTime.Ticks(now), RedisTime.Text(at), tokenId, RedisTime.Ticks(now - RevocationRead.Grace)];
        var result = await connection.RunAsync(
            db => RedisScripts.RevokeToken.EvaluateAsync(db, [_keys.Token(tokenId), _keys.Revocations], args), cancellationToken).ConfigureAwait(false);
        return (int)result == 1;
    }

    public async Task<bool> SetHeartbeatDeadlineAsync(string sessionId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        RedisValue[] args = [RedisTime.Ticks(time.GetUtcNow()), RedisTime.Milliseconds(deadline), sessionId];
        var result = await connection.RunAsync(
            db => RedisScripts.SetHeartbeat.EvaluateAsync(db, [_keys.Session(sessionId), _keys.SessionHeartbeats], args), cancellationToken).ConfigureAwait(false);
        return (int)result == 1;
    }

    public async Task<IReadOnlyList<string>> ListLapsedSessionsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        RedisValue[] args = [_keys.Prefix, RedisTime.Ticks(time.GetUtcNow()), RedisTime.Milliseconds(now), limit];
        var result = await connection.RunAsync(
            db => RedisScripts.ListLapsed.EvaluateAsync(db, [_keys.SessionHeartbeats], args), cancellationToken).ConfigureAwait(false);
        return [.. ((RedisValue[])result!).Select(v => (string)v!)];
    }

    public async Task<ConsumeOutcome> ConsumeTokenAsync(string tokenId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        RedisValue[] args = [RedisTime.Ticks(time.GetUtcNow()), RedisTime.Text(at)];
        var result = await connection.RunAsync(
            db => RedisScripts.ConsumeToken.EvaluateAsync(db, [_keys.Token(tokenId)], args), cancellationToken).ConfigureAwait(false);
        return (int)result switch
        {
            1 => ConsumeOutcome.Consumed,
            2 => ConsumeOutcome.AlreadyConsumed,
            _ => ConsumeOutcome.NotLive,
        };
    }

    public async Task<RevocationRead> ReadRevocationsAsync(RevocationCursor after, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return new RevocationRead([], after);
        }

        RedisValue[] args = [after.ToString(), limit, RedisTime.Ticks(time.GetUtcNow() - RevocationRead.Grace), RevocationRead.ScanBudget];
        var result = await connection.RunAsync(
            db => RedisScripts.ReadRevocations.EvaluateAsync(db, [_keys.Revocations], args), cancellationToken).ConfigureAwait(false);
        var parts = (RedisResult[])result!;
        if (!RevocationCursor.TryParse((string?)parts[0], out var next))
        {
            throw new InvalidDataException($"The revocation feed {_keys.Revocations} holds an entry id that is not a cursor: '{parts[0]}'.");
        }

        var fields = (RedisValue[])parts[1]!;
        var items = new List<RevocationItem>(fields.Length / 5);
        for (var i = 0; i + 4 < fields.Length; i += 5)
        {
            items.Add(new RevocationItem
            {
                Cursor = (string)fields[i]!,
                Kind = (string)fields[i + 1]!,
                Id = (string)fields[i + 2]!,
                RevokedAt = RedisTime.ParseText(fields[i + 3]) ?? throw new InvalidDataException($"The revocation {fields[i]} in {_keys.Revocations} has no time."),
                ExpiresAt = RedisTime.ParseTicks(fields[i + 4]),
            });
        }

        return new RevocationRead(items, next);
    }

    public async Task CheckWritableAsync(CancellationToken cancellationToken)
    {
        var written = await connection.RunAsync(
            db => db.StringSetAsync(_keys.Health, RedisTime.Ticks(time.GetUtcNow()), HealthKeyLifetime),
            cancellationToken).ConfigureAwait(false);
        if (!written)
        {
            throw new StoreUnavailableException("Redis did not accept a write.");
        }
    }

    private SessionRecord? LiveSession(RedisValue[] fields)
    {
        if (fields.Length < 2 || fields[0].IsNull)
        {
            return null;
        }

        var session = ReadSession(fields[0], fields[1]);
        return session.ExpiresAt > time.GetUtcNow() ? session : null;
    }

    private static SessionRecord ReadSession(RedisValue data, RedisValue ended)
        => Deserialize(data, StoreJsonContext.Default.SessionRecord) with { EndedAt = RedisTime.ParseText(ended) };

    private static string[] Ids(RedisResult list) => (string[])list!;

    /// <summary>ARGV of a token as <see cref="RedisScripts.AddTokens"/> stores it (after "now"): data, exp, ttl ms, id, exp (ms), now (ms).</summary>
    internal static RedisValue[] TokenArgs(TokenRecord token, DateTimeOffset now) =>
    [
        Serialize(token with { RevokedAt = null, ConsumedAt = null }, StoreJsonContext.Default.TokenRecord), RedisTime.Ticks(token.ExpiresAt),
        RedisTime.TtlMilliseconds(token.ExpiresAt, now), token.Id, RedisTime.Milliseconds(token.ExpiresAt), RedisTime.Milliseconds(now),
    ];

    private static string Serialize<T>(T record, JsonTypeInfo<T> type) => JsonSerializer.Serialize(record, type);

    private static T Deserialize<T>(RedisValue json, JsonTypeInfo<T> type)
        => JsonSerializer.Deserialize((string)json!, type) ?? throw new InvalidDataException($"A stored {typeof(T).Name} is null.");
}
