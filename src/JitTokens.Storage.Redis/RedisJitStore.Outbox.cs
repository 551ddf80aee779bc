using JitTokens.Core.Json;
using JitTokens.Core.Outbox;
using StackExchange.Redis;

namespace JitTokens.Storage.Redis;

/// <summary>The chat outbox (<see cref="RedisOutboxScripts"/>).</summary>
internal sealed partial class RedisJitStore
{
    /// <summary>How many ARGV <see cref="MessageArgs"/> gives.</summary>
    private const int MessageArgCount = 5;

    public async Task EnqueueOutboxAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var args = MessageArgs(message, time.GetUtcNow());
        await connection.RunAsync(
            db => RedisOutboxScripts.Enqueue.EvaluateAsync(db, [_keys.OutboxMessage(message.Id), _keys.OutboxDue], args),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return [];
        }

        var leasedUntil = now + lease;
        RedisValue[] args = [_keys.Prefix, RedisTime.Ticks(now), RedisTime.Ticks(leasedUntil), RedisTime.Text(leasedUntil), limit];
        var result = await connection.RunAsync(
            db => RedisOutboxScripts.Claim.EvaluateAsync(db, [_keys.OutboxDue], args), cancellationToken).ConfigureAwait(false);
        var pairs = (RedisValue[])result!;
        var messages = new List<OutboxMessage>(pairs.Length / 2);
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            var message = Deserialize(pairs[i], StoreJsonContext.Default.OutboxMessage);
            messages.Add(message with { DueAt = RedisTime.ParseText(pairs[i + 1]) ?? message.DueAt });
        }

        return messages;
    }

    public async Task RescheduleOutboxAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var args = MessageArgs(message, time.GetUtcNow());
        await connection.RunAsync(
            db => RedisOutboxScripts.Reschedule.EvaluateAsync(db, [_keys.OutboxMessage(message.Id), _keys.OutboxDue], args),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task CompleteOutboxAsync(string messageId, CancellationToken cancellationToken)
    {
        await connection.RunAsync(
            db => RedisOutboxScripts.Complete.EvaluateAsync(db, [_keys.OutboxMessage(messageId), _keys.OutboxDue], [messageId]),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>ARGV of a message for the <c>enqueue</c> helper: id, data, exp, due, ttl ms (the hash lives until the message expires).</summary>
    private static RedisValue[] MessageArgs(OutboxMessage message, DateTimeOffset now) =>
    [
        message.Id, Serialize(message, StoreJsonContext.Default.OutboxMessage), RedisTime.Ticks(message.ExpiresAt),
        RedisTime.Ticks(message.DueAt), RedisTime.TtlMilliseconds(message.ExpiresAt, now),
    ];
}
