using JitTokens.TestSupport.Clock;
using JitTokens.TestSupport.Redis;
using JitTokens.TestSupport.Storage;

namespace JitTokens.Storage.Redis.Tests;

/// <summary>Redis is shared state: every server instance sees the same data, and the key prefix separates deployments.</summary>
public sealed class RedisKeySpaceTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoStores_SamePrefix_SeeEachOthersWrites()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var time = new ManualTimeProvider();
        using var first = new RedisStoreHarness(redis.Configuration, prefix, time);
        using var second = new RedisStoreHarness(redis.Configuration, prefix, time);
        var session = StoreRecords.Session(time.GetUtcNow());
        await first.Store.CreateSessionAsync(session, "hash", Ct);
        var token = StoreRecords.Token(session, time.GetUtcNow());
        Assert.True(await first.Store.AddTokenAsync(token, Ct));

        var end = await second.Store.EndSessionAsync(session.Id, time.GetUtcNow(), Ct);

        Assert.Equal([token.Id], end.RevokedTokenIds);
        Assert.NotNull((await first.Store.GetTokenAsync(token.Id, Ct))?.RevokedAt);
    }

    [Fact]
    public async Task TwoStores_DifferentPrefixes_DoNotSeeEachOther()
    {
        var time = new ManualTimeProvider();
        using var first = new RedisStoreHarness(redis.Configuration, RedisServerFixture.NewKeyPrefix(), time);
        using var second = new RedisStoreHarness(redis.Configuration, RedisServerFixture.NewKeyPrefix(), time);
        var session = StoreRecords.Session(time.GetUtcNow());
        await first.Store.CreateSessionAsync(session, "hash", Ct);

        Assert.Null(await second.Store.GetSessionAsync(session.Id, Ct));
        Assert.Null(await second.Store.FindSessionByTokenHashAsync("hash", Ct));
        Assert.Empty(await second.Store.ListSessionsAsync(null, false, 10, Ct));
        Assert.False(await second.Store.AddTokenAsync(StoreRecords.Token(session, time.GetUtcNow()), Ct));
    }

    [Fact]
    public async Task SessionIndex_DropsSessionsWhoseKeysRedisExpired()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(redis.Configuration, prefix, time);
        var gone = StoreRecords.Session(time.GetUtcNow());
        var kept = StoreRecords.Session(time.GetUtcNow().AddSeconds(-1));
        await harness.Store.CreateSessionAsync(gone, "hash-gone", Ct);
        await harness.Store.CreateSessionAsync(kept, "hash-kept", Ct);
        await redis.Server.ExecuteAsync(["DEL", prefix + "ses:" + gone.Id], Ct); // what Redis does when the TTL runs out

        var list = await harness.Store.ListSessionsAsync(null, false, 1, Ct);

        Assert.Equal([kept.Id], list.Select(s => s.Id));
        Assert.Null(await redis.Server.ExecuteAsync(["ZSCORE", prefix + "sessions", gone.Id], Ct));
    }
}
