using System.Globalization;
using JitTokens.Core.Escalations;
using JitTokens.Core.Json;
using JitTokens.Core.Outbox;
using JitTokens.Core.Storage;
using JitTokens.Core.Tokens;
using StackExchange.Redis;

namespace JitTokens.Storage.Redis;

/// <summary>Escalations: add, read, compare-and-set, lists, polls (<see cref="RedisEscalationScripts"/>).</summary>
internal sealed partial class RedisJitStore
{
    private const string Yes = "1";
    private const string No = "0";

    public async Task<bool> AddEscalationAsync(EscalationRecord escalation, OutboxMessage? message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        var now = time.GetUtcNow();
        List<RedisKey> keys =
        [
            _keys.Session(escalation.SessionId), _keys.Escalation(escalation.Id), _keys.SessionEscalations(escalation.SessionId),
            _keys.DueEscalations, _keys.Escalations, _keys.OutboxDue,
        ];
        List<RedisValue> args =
        [
            _keys.Prefix, RedisTime.Ticks(now), Serialize(escalation, StoreJsonContext.Default.EscalationRecord), RedisTime.Ticks(escalation.ExpiresAt),
            RetentionTtl(escalation, now), escalation.Id, escalation.Status, escalation.Version, RedisMembers.NewestFirst(escalation.CreatedAt, escalation.Id),
        ];
        if (message is not null)
        {
            keys.Add(_keys.OutboxMessage(message.Id));
            args.AddRange(MessageArgs(message, now));
        }

        var result = await connection.RunAsync(
            db => RedisEscalationScripts.Add.EvaluateAsync(db, [.. keys], [.. args]), cancellationToken).ConfigureAwait(false);
        return (int)result == 1;
    }

    public async Task<EscalationRecord?> GetEscalationAsync(string escalationId, CancellationToken cancellationToken)
    {
        var fields = await connection.RunAsync(
            db => db.HashGetAsync(_keys.Escalation(escalationId), [RedisFields.Data, RedisFields.Status, RedisFields.Version]),
            cancellationToken).ConfigureAwait(false);
        if (fields[0].IsNull)
        {
            return null;
        }

        var escalation = ReadEscalation(fields[0], fields[1], fields[2]);
        return escalation.ExpiresAt + StoreRetention.Escalation > time.GetUtcNow() ? escalation : null;
    }

    public async Task<EscalationWrite> UpdateEscalationAsync(EscalationRecord updated, TokenRecord? token, OutboxMessage? message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        var now = time.GetUtcNow();
        var stored = updated with { Version = updated.Version + 1 };
        List<RedisKey> keys = [_keys.Escalation(updated.Id), _keys.DueEscalations, _keys.Escalations, _keys.SessionEscalations(updated.SessionId), _keys.OutboxDue];
        List<RedisValue> args =
        [
            _keys.Prefix, RedisTime.Ticks(now), RetainedAfter(now), updated.Version, stored.Version,
            Serialize(stored, StoreJsonContext.Default.EscalationRecord), RedisTime.Ticks(updated.ExpiresAt), RetentionTtl(updated, now),
            updated.Id, updated.Status, message is null ? No : Yes, token is null ? No : Yes,
        ];
        if (message is not null)
        {
            keys.Add(_keys.OutboxMessage(message.Id));
            args.AddRange(MessageArgs(message, now));
        }
        else
        {
            args.AddRange(Enumerable.Repeat((RedisValue)"", MessageArgCount));
        }

        if (token is not null)
        {
            keys.AddRange([_keys.Session(token.SessionId), _keys.Token(token.Id), _keys.SessionTokens(token.SessionId)]);
            args.AddRange(TokenArgs(token, now));
        }

        var result = await connection.RunAsync(
            db => RedisEscalationScripts.Update.EvaluateAsync(db, [.. keys], [.. args]), cancellationToken).ConfigureAwait(false);
        return (int)result switch
        {
            0 => EscalationWrite.Written,
            1 => EscalationWrite.Conflict,
            2 => EscalationWrite.SessionGone,
            var other => throw new InvalidDataException($"The escalation update script answered {other}."),
        };
    }

    public async Task<IReadOnlyList<EscalationRecord>> ListEscalationsAsync(string? sessionId, bool undecidedOnly, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        RedisValue[] args = [_keys.Prefix, RedisTime.Ticks(now), RetainedAfter(now), undecidedOnly ? Yes : No, limit];
        var result = await connection.RunAsync(
            db => sessionId is null
                ? RedisEscalationScripts.List.EvaluateAsync(db, [_keys.Escalations], args)
                : RedisEscalationScripts.ListOfSession.EvaluateAsync(db, [_keys.SessionEscalations(sessionId)], args),
            cancellationToken).ConfigureAwait(false);
        var triples = (RedisValue[])result!;
        var escalations = new List<EscalationRecord>(triples.Length / 3);
        for (var i = 0; i + 2 < triples.Length; i += 3)
        {
            escalations.Add(ReadEscalation(triples[i], triples[i + 1], triples[i + 2]));
        }

        // The session's set is unordered; the global index is already in this order.
        return [.. escalations.OrderByDescending(e => e.CreatedAt).ThenBy(e => e.Id, StringComparer.Ordinal).Take(limit)];
    }

    public async Task<IReadOnlyList<string>> ListDueEscalationsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return [];
        }

        RedisValue[] args = [_keys.Prefix, RedisTime.Ticks(now), RetainedAfter(now), limit];
        var result = await connection.RunAsync(
            db => RedisEscalationScripts.ListDue.EvaluateAsync(db, [_keys.DueEscalations], args), cancellationToken).ConfigureAwait(false);
        return Ids(result);
    }

    public async Task<DateTimeOffset?> RecordEscalationPollAsync(string escalationId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        RedisValue[] args = [RetainedAfter(time.GetUtcNow()), RedisTime.Text(at)];
        var result = await connection.RunAsync(
            db => RedisEscalationScripts.RecordPoll.EvaluateAsync(db, [_keys.Escalation(escalationId)], args), cancellationToken).ConfigureAwait(false);
        return result.IsNull ? null : RedisTime.ParseText((string?)result);
    }

    /// <summary>The stored record, with the hash's <c>status</c> and <c>ver</c> (authoritative) over the JSON's.</summary>
    private static EscalationRecord ReadEscalation(RedisValue data, RedisValue status, RedisValue version)
    {
        var escalation = Deserialize(data, StoreJsonContext.Default.EscalationRecord);
        return escalation with
        {
            Status = status.IsNullOrEmpty ? escalation.Status : (string)status!,
            Version = version.IsNullOrEmpty ? escalation.Version : long.Parse((string)version!, NumberStyles.None, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Escalations whose expiry is later than this (ticks) are still within retention at <paramref name="now"/>.</summary>
    private static string RetainedAfter(DateTimeOffset now) => RedisTime.Ticks(now - StoreRetention.Escalation);

    private static long RetentionTtl(EscalationRecord escalation, DateTimeOffset now)
        => RedisTime.TtlMilliseconds(escalation.ExpiresAt + StoreRetention.Escalation, now);
}
