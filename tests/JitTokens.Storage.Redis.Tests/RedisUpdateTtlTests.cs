using JitTokens.Core.Storage;
using JitTokens.TestSupport.Clock;
using JitTokens.TestSupport.Redis;
using JitTokens.TestSupport.Storage;

namespace JitTokens.Storage.Redis.Tests;

/// <summary>Physical TTLs after changes: a record's TTL follows its new expiry; an index's only ever grows.</summary>
public sealed class RedisUpdateTtlTests(RedisServerFixture redis)
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpdateEscalation_MovesTheEscalationsTtl_AndOnlyExtendsTheIndexes()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(redis.Configuration, prefix, time);
        var now = time.GetUtcNow();
        var session = StoreRecords.Session(now, TimeSpan.FromHours(12));
        await harness.Store.CreateSessionAsync(session, "hash", Ct);
        var pending = StoreRecords.Escalation(session, now, TimeSpan.FromMinutes(15));
        Assert.True(await harness.Store.AddEscalationAsync(pending, null, Ct));
        string[] indexes = [prefix + "escalations", prefix + "esc-due", prefix + "ses-esc:" + session.Id];

        var longer = StoreRecords.Approved(pending, now, TimeSpan.FromHours(2));
        Assert.Equal(EscalationWrite.Written, await harness.Store.UpdateEscalationAsync(longer, null, null, Ct));
        var extended = TimeSpan.FromHours(2) + StoreRetention.Escalation;
        await AssertTtlAsync(prefix + "esc:" + pending.Id, extended);
        foreach (var index in indexes)
        {
            await AssertTtlAsync(index, extended);
        }

        var shorter = longer with { Version = 2, ExpiresAt = now + TimeSpan.FromMinutes(1) };
        Assert.Equal(EscalationWrite.Written, await harness.Store.UpdateEscalationAsync(shorter, null, null, Ct));
        await AssertTtlAsync(prefix + "esc:" + pending.Id, TimeSpan.FromMinutes(1) + StoreRetention.Escalation);
        await AssertTtlAsync(prefix + "escalations", extended);
        await AssertTtlAsync(prefix + "ses-esc:" + session.Id, extended);
        // The due index held only this escalation: its member moved, the emptied key was recreated, with the member's TTL.
        await AssertTtlAsync(prefix + "esc-due", TimeSpan.FromMinutes(1) + StoreRetention.Escalation);
    }

    [Fact]
    public async Task OutboxMessage_ClaimKeepsItsTtl_RescheduleSetsItToTheNewExpiry()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(redis.Configuration, prefix, time);
        var now = time.GetUtcNow();
        var message = StoreRecords.Message("esc_1", now, TimeSpan.FromMinutes(20));
        await harness.Store.EnqueueOutboxAsync(message, Ct);

        Assert.Single(await harness.Store.ClaimOutboxAsync(now, TimeSpan.FromMinutes(1), 10, Ct));
        await AssertTtlAsync(prefix + "outbox-msg:" + message.Id, TimeSpan.FromMinutes(20));

        await harness.Store.RescheduleOutboxAsync(message with { ExpiresAt = now + TimeSpan.FromMinutes(40), Attempts = 1 }, Ct);
        await AssertTtlAsync(prefix + "outbox-msg:" + message.Id, TimeSpan.FromMinutes(40));
        await AssertTtlAsync(prefix + "outbox-due", TimeSpan.FromMinutes(40));
    }

    private async Task AssertTtlAsync(string key, TimeSpan expected)
    {
        var actual = TimeSpan.FromMilliseconds((long)(await redis.Server.ExecuteAsync(["PTTL", key], Ct))!);
        Assert.True(actual <= expected && actual > expected - Slack, $"{key}: TTL {actual}, expected just under {expected}");
    }
}
