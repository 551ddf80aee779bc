using JitTokens.Abstractions.Wire;
using JitTokens.Core.Storage;
using JitTokens.TestSupport.Clock;
using JitTokens.TestSupport.Redis;
using JitTokens.TestSupport.Storage;

namespace JitTokens.Storage.Redis.Tests;

/// <summary>
/// The issuance hot path costs one Redis command (DESIGN.md §5), counted from what the store's
/// client sent, on a server of the test's own.
/// </summary>
public sealed class RedisRoundTripTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddToken_IsExactlyOneEvalsha()
    {
        await using var server = await RedisServer.StartNewAsync(Ct);
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(server.Configuration, "jit:", time);
        var session = StoreRecords.Session(time.GetUtcNow());
        await harness.Store.CreateSessionAsync(session, "hash", Ct);
        Assert.True(await harness.Store.AddTokenAsync(StoreRecords.Token(session, time.GetUtcNow()), Ct)); // loads the script
        await ClientCommandLog.StartAsync(server, Ct);

        var added = await harness.Store.AddTokenAsync(StoreRecords.Token(session, time.GetUtcNow()), Ct);

        Assert.True(added);
        Assert.Equal(["EVALSHA"], await ClientCommandLog.ReadAsync(server, Ct));
    }

    [Fact]
    public async Task AddToken_ConcurrentCalls_ShareScriptCallsAndEachGetsItsOwnAnswer()
    {
        await using var server = await RedisServer.StartNewAsync(Ct);
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(server.Configuration, "jit:", time);
        var now = time.GetUtcNow();
        var live = StoreRecords.Session(now);
        var ended = StoreRecords.Session(now);
        await harness.Store.CreateSessionAsync(live, "live", Ct);
        await harness.Store.CreateSessionAsync(ended, "ended", Ct);
        await harness.Store.EndSessionAsync(ended.Id, now, Ct);
        Assert.True(await harness.Store.AddTokenAsync(StoreRecords.Token(live, now), Ct)); // loads the script
        await ClientCommandLog.StartAsync(server, Ct);
        var tokens = Enumerable.Range(0, 200).Select(i => StoreRecords.Token(i % 2 == 0 ? live : ended, now)).ToList();

        var added = await Task.WhenAll(tokens.Select(t => Task.Run(() => harness.Store.AddTokenAsync(t, Ct), Ct)));

        for (var i = 0; i < tokens.Count; i++)
        {
            Assert.Equal(i % 2 == 0, added[i]);
            Assert.Equal(i % 2 == 0, await harness.Store.GetTokenAsync(tokens[i].Id, Ct) is not null);
        }

        var commands = await ClientCommandLog.ReadAsync(server, Ct);
        var scriptCalls = commands.Count(c => c == "EVALSHA");
        Assert.InRange(scriptCalls, (tokens.Count + RedisTokenWriter.MaxBatch - 1) / RedisTokenWriter.MaxBatch, tokens.Count - 1);
    }

    [Fact]
    public async Task FindSessionByTokenHash_IsExactlyOneEvalsha()
    {
        await using var server = await RedisServer.StartNewAsync(Ct);
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(server.Configuration, "jit:", time);
        var session = StoreRecords.Session(time.GetUtcNow());
        await harness.Store.CreateSessionAsync(session, "hash", Ct);
        await harness.Store.FindSessionByTokenHashAsync("hash", Ct); // loads the script
        await ClientCommandLog.StartAsync(server, Ct);

        var found = await harness.Store.FindSessionByTokenHashAsync("hash", Ct);

        Assert.Equal(session.Id, found?.Id);
        Assert.Equal(["EVALSHA"], await ClientCommandLog.ReadAsync(server, Ct));
    }

    [Fact]
    public async Task UpdateEscalation_WithTokenAndMessage_IsExactlyOneEvalsha()
    {
        await using var server = await RedisServer.StartNewAsync(Ct);
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(server.Configuration, "jit:", time);
        var now = time.GetUtcNow();
        var session = StoreRecords.Session(now);
        await harness.Store.CreateSessionAsync(session, "hash", Ct);
        var first = StoreRecords.Escalation(session, now, status: EscalationStatuses.Approved);
        var second = StoreRecords.Escalation(session, now, status: EscalationStatuses.Approved);
        Assert.True(await harness.Store.AddEscalationAsync(first, null, Ct));
        Assert.True(await harness.Store.AddEscalationAsync(second, null, Ct));
        await harness.Store.UpdateEscalationAsync(first with { Status = EscalationStatuses.Redeemed }, null, null, Ct); // loads the script
        await ClientCommandLog.StartAsync(server, Ct);
        var token = StoreRecords.Token(session, now);

        var write = await harness.Store.UpdateEscalationAsync(
            second with { Status = EscalationStatuses.Redeemed, TokenId = token.Id }, token, StoreRecords.Message(second.Id, now), Ct);

        Assert.Equal(EscalationWrite.Written, write);
        Assert.Equal(["EVALSHA"], await ClientCommandLog.ReadAsync(server, Ct));
    }

    [Fact]
    public async Task ClaimOutbox_IsExactlyOneEvalsha()
    {
        await using var server = await RedisServer.StartNewAsync(Ct);
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(server.Configuration, "jit:", time);
        var now = time.GetUtcNow();
        await harness.Store.EnqueueOutboxAsync(StoreRecords.Message("esc_1", now), Ct);
        await harness.Store.EnqueueOutboxAsync(StoreRecords.Message("esc_2", now), Ct);
        await harness.Store.ClaimOutboxAsync(now, TimeSpan.FromMinutes(1), 1, Ct); // loads the script
        await ClientCommandLog.StartAsync(server, Ct);

        var claimed = await harness.Store.ClaimOutboxAsync(now, TimeSpan.FromMinutes(1), 10, Ct);

        Assert.Single(claimed);
        Assert.Equal(["EVALSHA"], await ClientCommandLog.ReadAsync(server, Ct));
    }
}
