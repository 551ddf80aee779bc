using JitTokens.TestSupport.Clock;
using JitTokens.TestSupport.Redis;
using JitTokens.TestSupport.Storage;

namespace JitTokens.Storage.Redis.Tests;

/// <summary>Redis forgets its scripts on restart or SCRIPT FLUSH; the store must not fail a request for that.</summary>
public sealed class RedisScriptCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddToken_AfterScriptFlush_StillStoresTheToken()
    {
        await using var server = await RedisServer.StartNewAsync(Ct);
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(server.Configuration, "jit:", time);
        var session = StoreRecords.Session(time.GetUtcNow());
        await harness.Store.CreateSessionAsync(session, "hash", Ct);
        Assert.True(await harness.Store.AddTokenAsync(StoreRecords.Token(session, time.GetUtcNow()), Ct));
        await server.ExecuteAsync(["SCRIPT", "FLUSH"], Ct);
        var token = StoreRecords.Token(session, time.GetUtcNow());

        var added = await harness.Store.AddTokenAsync(token, Ct);

        Assert.True(added);
        Assert.NotNull(await harness.Store.GetTokenAsync(token.Id, Ct));
    }

    [Fact]
    public async Task Scripts_AfterScriptFlush_AreSentOnceByTextThenByShaAgain()
    {
        await using var server = await RedisServer.StartNewAsync(Ct);
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(server.Configuration, "jit:", time);
        var session = StoreRecords.Session(time.GetUtcNow());
        await harness.Store.CreateSessionAsync(session, "hash", Ct);
        await server.ExecuteAsync(["SCRIPT", "FLUSH"], Ct);
        await ClientCommandLog.StartAsync(server, Ct);

        await harness.Store.AddTokenAsync(StoreRecords.Token(session, time.GetUtcNow()), Ct);
        await harness.Store.AddTokenAsync(StoreRecords.Token(session, time.GetUtcNow()), Ct);

        // EVALSHA fails with NOSCRIPT (nothing ran), the text goes once, then EVALSHA works again.
        Assert.Equal(["EVALSHA", "SCRIPT LOAD", "EVAL", "EVALSHA"], await ClientCommandLog.ReadAsync(server, Ct));
    }
}
