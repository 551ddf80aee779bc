using JitTokens.Core.Sessions;
using JitTokens.Core.Storage;
using JitTokens.TestSupport.Clock;
using JitTokens.TestSupport.Redis;
using JitTokens.TestSupport.Storage;
using StackExchange.Redis;

namespace JitTokens.Storage.Redis.Tests;

/// <summary>
/// Reads judge expiry on the store's clock; Redis TTLs are what reclaim the memory. Every key must
/// carry one, as long as the record it serves needs to be readable and not much longer.
/// </summary>
public sealed class RedisPhysicalTtlTests(RedisServerFixture redis)
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryKeyKind_HasATtlUntilItsRecordStopsMattering()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(redis.Configuration, prefix, time);
        var session = StoreRecords.Session(time.GetUtcNow(), TimeSpan.FromHours(2), owner: "alice");
        var token = StoreRecords.Token(session, time.GetUtcNow(), TimeSpan.FromMinutes(5));
        var escalation = StoreRecords.Escalation(session, time.GetUtcNow(), TimeSpan.FromMinutes(15));
        var message = StoreRecords.Message(escalation.Id, time.GetUtcNow(), TimeSpan.FromMinutes(15) + StoreRetention.Escalation);

        await harness.Store.CreateSessionAsync(session, "hash", Ct);
        await harness.Store.AddTokenAsync(token, Ct);
        await harness.Store.AddEscalationAsync(escalation, message, Ct);
        await harness.Store.CheckWritableAsync(Ct);

        var expected = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
        {
            [prefix + "ses:" + session.Id] = TimeSpan.FromHours(2),
            [prefix + "ses-by-hash:hash"] = TimeSpan.FromHours(2),
            [prefix + "ses-tok:" + session.Id] = TimeSpan.FromHours(2),
            [prefix + "ses-esc:" + session.Id] = TimeSpan.FromMinutes(15) + StoreRetention.Escalation,
            [prefix + "sessions"] = TimeSpan.FromHours(2),
            [prefix + "sessions-of:alice"] = TimeSpan.FromHours(2),
            [prefix + "tok:" + token.Id] = TimeSpan.FromMinutes(5),
            [prefix + "esc:" + escalation.Id] = TimeSpan.FromMinutes(15) + StoreRetention.Escalation,
            [prefix + "escalations"] = TimeSpan.FromMinutes(15) + StoreRetention.Escalation,
            [prefix + "esc-due"] = TimeSpan.FromMinutes(15) + StoreRetention.Escalation,
            [prefix + "outbox-msg:" + message.Id] = TimeSpan.FromMinutes(15) + StoreRetention.Escalation,
            [prefix + "outbox-due"] = TimeSpan.FromMinutes(15) + StoreRetention.Escalation,
            [prefix + "health"] = TimeSpan.FromSeconds(30),
        };
        var keys = ((object?[])(await redis.Server.ExecuteAsync(["KEYS", prefix + "*"], Ct))!).Cast<string>().Order(StringComparer.Ordinal);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), keys);
        foreach (var (key, ttl) in expected)
        {
            var actual = TimeSpan.FromMilliseconds((long)(await redis.Server.ExecuteAsync(["PTTL", key], Ct))!);
            Assert.True(actual <= ttl && actual > ttl - Slack, $"{key}: TTL {actual}, expected just under {ttl}");
        }
    }

    [Fact]
    public async Task SessionIndex_KeepsTheTtlOfItsLongestLivedSession()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(redis.Configuration, prefix, time);
        var longLived = StoreRecords.Session(time.GetUtcNow(), TimeSpan.FromHours(12));
        var shortLived = StoreRecords.Session(time.GetUtcNow(), TimeSpan.FromMinutes(10));

        await harness.Store.CreateSessionAsync(longLived, "hash-1", Ct);
        await harness.Store.CreateSessionAsync(shortLived, "hash-2", Ct);

        var ttl = TimeSpan.FromMilliseconds((long)(await redis.Server.ExecuteAsync(["PTTL", prefix + "sessions"], Ct))!);
        Assert.True(ttl > TimeSpan.FromHours(12) - Slack, $"the index expires after {ttl}, before its 12 h session");
    }

    [Fact]
    public async Task SessionTokenSet_KeepsTheSessionsTtlNotTheTokens()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(redis.Configuration, prefix, time);
        var session = StoreRecords.Session(time.GetUtcNow(), TimeSpan.FromHours(1));
        await harness.Store.CreateSessionAsync(session, "hash", Ct);
        time.Advance(TimeSpan.FromMinutes(30));

        await harness.Store.AddTokenAsync(StoreRecords.Token(session, time.GetUtcNow(), TimeSpan.FromMinutes(1)), Ct);

        var ttl = await PttlAsync(prefix + "ses-tok:" + session.Id);
        Assert.True(ttl <= TimeSpan.FromMinutes(30) && ttl > TimeSpan.FromMinutes(30) - Slack, $"TTL {ttl}, expected the session's remaining 30 min");
    }

    /// <summary>The session's escalations stay listable by session as long as they are retained, even past the session's end.</summary>
    [Fact]
    public async Task SessionEscalationSet_KeepsTheTtlOfItsLongestRetainedEscalation()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(redis.Configuration, prefix, time);
        var session = StoreRecords.Session(time.GetUtcNow(), TimeSpan.FromHours(3));
        await harness.Store.CreateSessionAsync(session, "hash", Ct);

        await harness.Store.AddEscalationAsync(StoreRecords.Escalation(session, time.GetUtcNow(), TimeSpan.FromMinutes(30)), null, Ct);
        await harness.Store.AddEscalationAsync(StoreRecords.Escalation(session, time.GetUtcNow(), TimeSpan.FromMinutes(10)), null, Ct);

        var expected = TimeSpan.FromMinutes(30) + StoreRetention.Escalation;
        var ttl = await PttlAsync(prefix + "ses-esc:" + session.Id);
        Assert.True(ttl <= expected && ttl > expected - Slack, $"TTL {ttl}, expected {expected}");
    }

    [Fact]
    public async Task AddToken_PrunesExpiredIdsFromTheSessionIndex()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(redis.Configuration, prefix, time);
        var session = StoreRecords.Session(time.GetUtcNow(), TimeSpan.FromHours(1));
        await harness.Store.CreateSessionAsync(session, "hash", Ct);
        for (var i = 0; i < 20; i++)
        {
            await harness.Store.AddTokenAsync(StoreRecords.Token(session, time.GetUtcNow(), TimeSpan.FromMinutes(1)), Ct);
        }

        time.Advance(TimeSpan.FromMinutes(2));
        var live = StoreRecords.Token(session, time.GetUtcNow(), TimeSpan.FromMinutes(1));
        await harness.Store.AddTokenAsync(live, Ct);

        Assert.Equal(1L, await redis.Server.ExecuteAsync(["ZCARD", prefix + "ses-tok:" + session.Id], Ct));
        var ended = await harness.Store.EndSessionAsync(session.Id, time.GetUtcNow(), Ct);
        Assert.Equal([live.Id], ended.RevokedTokenIds);
    }

    /// <summary>
    /// One group call with several tokens of one session (as <see cref="RedisTokenWriter"/> sends them under load): the
    /// session is read once but each token is judged by its own clock, and the index is pruned and kept alive as
    /// one write after another would leave it.
    /// </summary>
    [Fact]
    public async Task AddTokens_AGroupOfOneSession_JudgesEachTokenByItsOwnClock()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(redis.Configuration, prefix, time);
        var start = time.GetUtcNow();
        var session = StoreRecords.Session(start, TimeSpan.FromHours(1));
        var ended = StoreRecords.Session(start, TimeSpan.FromHours(1));
        var other = StoreRecords.Session(start, TimeSpan.FromHours(2));
        await harness.Store.CreateSessionAsync(session, "live", Ct);
        await harness.Store.CreateSessionAsync(other, "other", Ct);
        await harness.Store.CreateSessionAsync(ended, "ended", Ct);
        await harness.Store.EndSessionAsync(ended.Id, start, Ct);
        // Expires at +2.5 min: live by the group's first clock (+2 min), expired by its latest (+3 min).
        var old = StoreRecords.Token(session, start, TimeSpan.FromSeconds(150));
        await harness.Store.AddTokenAsync(old, Ct);

        // At +2 min: a token of the session; one of the ended session; one of another session; one at +3 min;
        // one whose clock is past the session's end.
        (SessionRecord Session, DateTimeOffset Now)[] group =
        [
            (session, start.AddMinutes(2)), (ended, start.AddMinutes(2)), (other, start.AddMinutes(2)),
            (session, start.AddMinutes(3)), (session, start.AddMinutes(61)),
        ];
        var tokens = group.Select(g => StoreRecords.Token(g.Session, g.Now, TimeSpan.FromMinutes(5))).ToArray();
        var keys = group.Zip(tokens).SelectMany(p => new RedisKey[]
        {
            prefix + "ses:" + p.First.Session.Id, prefix + "tok:" + p.Second.Id, prefix + "ses-tok:" + p.First.Session.Id,
        }).ToArray();
        var args = group.Zip(tokens).SelectMany(p => new RedisValue[]
        {
            RedisTime.Ticks(p.First.Now), "{}", RedisTime.Ticks(p.Second.ExpiresAt), RedisTime.TtlMilliseconds(p.Second.ExpiresAt, p.First.Now),
            p.Second.Id, RedisTime.Milliseconds(p.Second.ExpiresAt), RedisTime.Milliseconds(p.First.Now),
        }).ToArray();

        var answers = (int[])(await harness.Connection.RunAsync(db => RedisScripts.AddTokens.EvaluateAsync(db, keys, args), Ct))!;

        Assert.Equal([1, 0, 1, 1, 0], answers);
        // The old token is pruned by the latest clock; each session keeps its own index.
        Assert.Equal(new[] { tokens[0].Id, tokens[3].Id }.Order(StringComparer.Ordinal), (await IndexAsync(session.Id)).Order(StringComparer.Ordinal));
        Assert.Equal([tokens[2].Id], await IndexAsync(other.Id));
        Assert.Equal(0L, await redis.Server.ExecuteAsync(["EXISTS", prefix + "ses-tok:" + ended.Id], Ct));
        foreach (var (token, stored) in tokens.Zip(answers))
        {
            Assert.Equal((long)stored, (long)(await redis.Server.ExecuteAsync(["EXISTS", prefix + "tok:" + token.Id], Ct))!);
        }

        // Each index lives as long as its session by the group's earliest clock for it (+2 min: 58 and 118 min left).
        var ttl = await PttlAsync(prefix + "ses-tok:" + session.Id);
        Assert.True(ttl <= TimeSpan.FromMinutes(58) && ttl > TimeSpan.FromMinutes(58) - Slack, $"TTL {ttl}, expected 58 min");
        var otherTtl = await PttlAsync(prefix + "ses-tok:" + other.Id);
        Assert.True(otherTtl <= TimeSpan.FromMinutes(118) && otherTtl > TimeSpan.FromMinutes(118) - Slack, $"TTL {otherTtl}, expected 118 min");

        async Task<string[]> IndexAsync(string sessionId)
            => [.. ((object?[])(await redis.Server.ExecuteAsync(["ZRANGE", prefix + "ses-tok:" + sessionId, "0", "-1"], Ct))!).Cast<string>()];
    }

    private async Task<TimeSpan> PttlAsync(string key)
        => TimeSpan.FromMilliseconds((long)(await redis.Server.ExecuteAsync(["PTTL", key], Ct))!);
}
