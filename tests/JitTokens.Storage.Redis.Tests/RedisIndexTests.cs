using JitTokens.Abstractions.Wire;
using JitTokens.TestSupport.Clock;
using JitTokens.TestSupport.Redis;
using JitTokens.TestSupport.Storage;

namespace JitTokens.Storage.Redis.Tests;

/// <summary>
/// Redis expires records on its own clock, leaving their index members behind: every index drops
/// the members it meets whose record is gone, and a change moves or removes its record's member.
/// </summary>
public sealed class RedisIndexTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EscalationIndexes_DropEscalationsWhoseKeysRedisExpired()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(redis.Configuration, prefix, time);
        var now = time.GetUtcNow();
        var session = StoreRecords.Session(now);
        await harness.Store.CreateSessionAsync(session, "hash", Ct);
        var gone = StoreRecords.Escalation(session, now);
        var kept = StoreRecords.Escalation(session, now.AddSeconds(-1));
        Assert.True(await harness.Store.AddEscalationAsync(gone, null, Ct));
        Assert.True(await harness.Store.AddEscalationAsync(kept, null, Ct));
        await redis.Server.ExecuteAsync(["DEL", prefix + "esc:" + gone.Id], Ct); // what Redis does when the TTL runs out

        var all = await harness.Store.ListEscalationsAsync(null, false, 1, Ct);
        var ofSession = await harness.Store.ListEscalationsAsync(session.Id, false, 10, Ct);
        var due = await harness.Store.ListDueEscalationsAsync(now + TimeSpan.FromHours(1), 10, Ct);

        Assert.Equal([kept.Id], all.Select(e => e.Id));
        Assert.Equal([kept.Id], ofSession.Select(e => e.Id));
        Assert.Equal([kept.Id], due);
        Assert.Equal(1L, await redis.Server.ExecuteAsync(["ZCARD", prefix + "escalations"], Ct));
        Assert.Equal(1L, await redis.Server.ExecuteAsync(["ZCARD", prefix + "esc-due"], Ct));
        Assert.Equal(1L, await redis.Server.ExecuteAsync(["SCARD", prefix + "ses-esc:" + session.Id], Ct));
    }

    [Fact]
    public async Task DueIndex_HoldsOnlyUndecidedEscalations()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(redis.Configuration, prefix, time);
        var now = time.GetUtcNow();
        var session = StoreRecords.Session(now);
        await harness.Store.CreateSessionAsync(session, "hash", Ct);
        var decided = StoreRecords.Escalation(session, now);
        var cancelled = StoreRecords.Escalation(session, now, status: EscalationStatuses.Approved);
        Assert.True(await harness.Store.AddEscalationAsync(decided, null, Ct));
        Assert.True(await harness.Store.AddEscalationAsync(cancelled, null, Ct));
        Assert.True(await harness.Store.AddEscalationAsync(StoreRecords.Escalation(session, now, status: EscalationStatuses.Denied), null, Ct));
        Assert.Equal(2L, await redis.Server.ExecuteAsync(["ZCARD", prefix + "esc-due"], Ct));

        await harness.Store.UpdateEscalationAsync(decided with { Status = EscalationStatuses.Denied }, null, null, Ct);
        await harness.Store.EndSessionAsync(session.Id, now, Ct);

        Assert.Equal(0L, await redis.Server.ExecuteAsync(["ZCARD", prefix + "esc-due"], Ct));
        Assert.Equal("2", await redis.Server.ExecuteAsync(["HGET", prefix + "esc:" + cancelled.Id, "ver"], Ct));
    }

    [Fact]
    public async Task OutboxIndex_DropsMessagesWhoseKeysRedisExpired_AndCompletedOnes()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(redis.Configuration, prefix, time);
        var now = time.GetUtcNow();
        var gone = StoreRecords.Message("esc_1", now);
        var done = StoreRecords.Message("esc_2", now);
        var kept = StoreRecords.Message("esc_3", now);
        foreach (var message in new[] { gone, done, kept })
        {
            await harness.Store.EnqueueOutboxAsync(message, Ct);
        }

        await redis.Server.ExecuteAsync(["DEL", prefix + "outbox-msg:" + gone.Id], Ct);
        await harness.Store.CompleteOutboxAsync(done.Id, Ct);
        Assert.Equal(2L, await redis.Server.ExecuteAsync(["ZCARD", prefix + "outbox-due"], Ct));

        var claimed = await harness.Store.ClaimOutboxAsync(now, TimeSpan.FromSeconds(30), 10, Ct);

        Assert.Equal([kept.Id], claimed.Select(m => m.Id));
        Assert.Equal(1L, await redis.Server.ExecuteAsync(["ZCARD", prefix + "outbox-due"], Ct));
    }
}
