using System.Diagnostics;
using JitTokens.Core.Errors;
using JitTokens.Core.Storage;
using JitTokens.TestSupport.Clock;
using JitTokens.TestSupport.Redis;
using JitTokens.TestSupport.Storage;

namespace JitTokens.Storage.Redis.Tests;

/// <summary>
/// Redis down, hung or restarted: every call fails with StoreUnavailableException (the server answers
/// 503) within a bounded time, and the same store works again once Redis is back. Each test has its
/// own redis-server, since it stops or freezes it.
/// </summary>
public sealed class RedisOutageTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every store call, by name, with arguments that would succeed on a healthy store.</summary>
    public static TheoryData<string> Calls =>
    [
        "CreateSession", "FindSessionByTokenHash", "GetSession", "ListSessions", "EndSession", "AddToken",
        "GetToken", "RevokeToken", "AddEscalation", "GetEscalation", "UpdateEscalation", "ListEscalations",
        "ListDueEscalations", "RecordEscalationPoll", "EnqueueOutbox", "ClaimOutbox", "RescheduleOutbox", "CompleteOutbox",
        "CheckWritable",
    ];

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Call_RedisStopped_ThrowsStoreUnavailableWithinTheTimeout(string call)
    {
        await using var server = await RedisServer.StartNewAsync(Ct);
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(server.Configuration, "jit:", time, TimeSpan.FromSeconds(2));
        await harness.Store.CheckWritableAsync(Ct);
        await server.StopAsync();

        var elapsed = Stopwatch.StartNew();
        var exception = await Record.ExceptionAsync(() => InvokeAsync(harness.Store, call, time));

        Assert.IsType<StoreUnavailableException>(exception);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(2) + Grace, $"{call} took {elapsed.Elapsed} to fail");
    }

    [Fact]
    public async Task Calls_RedisNotAnswering_ThrowStoreUnavailableAfterTheOperationTimeout()
    {
        await using var server = await RedisServer.StartNewAsync(Ct);
        var time = new ManualTimeProvider();
        var timeout = TimeSpan.FromMilliseconds(500);
        using var harness = new RedisStoreHarness(server.Configuration, "jit:", time, timeout);
        var session = StoreRecords.Session(time.GetUtcNow());
        await harness.Store.CreateSessionAsync(session, "hash", Ct);
        await server.PauseAsync();
        try
        {
            var elapsed = Stopwatch.StartNew();
            var exception = await Record.ExceptionAsync(() => harness.Store.AddTokenAsync(StoreRecords.Token(session, time.GetUtcNow()), Ct));

            Assert.IsType<StoreUnavailableException>(exception);
            Assert.Contains("did not answer within 500 ms", exception.Message, StringComparison.Ordinal);
            Assert.InRange(elapsed.Elapsed, timeout - TimeSpan.FromMilliseconds(50), timeout + Grace); // timers may fire a hair early
        }
        finally
        {
            await server.ResumeAsync();
        }

        await WaitUntilWritableAsync(harness.Store);
        Assert.NotNull(await harness.Store.GetSessionAsync(session.Id, Ct));
    }

    [Theory]
    [InlineData("min-replicas-to-write", "1")] // NOREPLICAS: a primary that lost its replicas
    [InlineData("maxmemory", "1")] // OOM: full, with the default noeviction policy
    public async Task Writes_RedisRefusingWrites_ThrowStoreUnavailableWhileReadsWork(string setting, string value)
    {
        await using var server = await RedisServer.StartNewAsync(Ct);
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(server.Configuration, "jit:", time);
        var session = StoreRecords.Session(time.GetUtcNow());
        await harness.Store.CreateSessionAsync(session, "hash", Ct);
        await server.ExecuteAsync(["CONFIG", "SET", setting, value], Ct);

        var token = StoreRecords.Token(session, time.GetUtcNow());

        var check = await Record.ExceptionAsync(() => harness.Store.CheckWritableAsync(Ct));
        var add = await Record.ExceptionAsync(() => harness.Store.AddTokenAsync(token, Ct));
        var end = await Record.ExceptionAsync(() => harness.Store.EndSessionAsync(session.Id, time.GetUtcNow(), Ct));

        Assert.IsType<StoreUnavailableException>(check);
        Assert.IsType<StoreUnavailableException>(add);
        Assert.IsType<StoreUnavailableException>(end);
        Assert.Equal(session.Id, (await harness.Store.GetSessionAsync(session.Id, Ct))?.Id);
        await server.ExecuteAsync(["CONFIG", "SET", setting, "0"], Ct);
        Assert.Null(await harness.Store.GetTokenAsync(token.Id, Ct)); // the refused script wrote nothing
        Assert.Null((await harness.Store.GetSessionAsync(session.Id, Ct))?.EndedAt);
    }

    [Fact]
    public async Task Store_RedisRestarted_WorksAgainWithoutBeingRebuilt()
    {
        await using var server = await RedisServer.StartNewAsync(Ct);
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(server.Configuration, "jit:", time);
        var before = StoreRecords.Session(time.GetUtcNow());
        await harness.Store.CreateSessionAsync(before, "hash-before", Ct);
        Assert.True(await harness.Store.AddTokenAsync(StoreRecords.Token(before, time.GetUtcNow()), Ct));
        await server.StopAsync();
        await Assert.ThrowsAsync<StoreUnavailableException>(() => harness.Store.GetSessionAsync(before.Id, Ct));

        await server.StartAsync(Ct);
        await WaitUntilWritableAsync(harness.Store);

        // A restarted Redis without persistence has lost its data and its script cache: the scripts load again.
        var after = StoreRecords.Session(time.GetUtcNow());
        await harness.Store.CreateSessionAsync(after, "hash-after", Ct);
        Assert.True(await harness.Store.AddTokenAsync(StoreRecords.Token(after, time.GetUtcNow()), Ct));
        Assert.Equal(after.Id, (await harness.Store.FindSessionByTokenHashAsync("hash-after", Ct))?.Id);
    }

    [Fact]
    public async Task Store_RedisDownWhenFirstUsed_ThrowsStoreUnavailableThenWorksOnceRedisIsUp()
    {
        await using var server = await RedisServer.StartNewAsync(Ct);
        await server.StopAsync();
        using var harness = new RedisStoreHarness(server.Configuration, "jit:", new ManualTimeProvider());

        var elapsed = Stopwatch.StartNew();
        var exception = await Record.ExceptionAsync(() => harness.Store.CheckWritableAsync(Ct));

        Assert.IsType<StoreUnavailableException>(exception);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(2) + Grace, $"failing took {elapsed.Elapsed}");
        await server.StartAsync(Ct);
        await WaitUntilWritableAsync(harness.Store);
    }

    /// <summary>
    /// The multiplexer reconnects in the background (it retries about once a second); nothing tells
    /// the store's caller when, so poll, bounded.
    /// </summary>
    private static async Task WaitUntilWritableAsync(IJitStore store)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await store.CheckWritableAsync(Ct);
                return;
            }
            catch (StoreUnavailableException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), Ct);
            }
        }
    }

    private static async Task InvokeAsync(IJitStore store, string call, ManualTimeProvider time)
    {
        var now = time.GetUtcNow();
        var session = StoreRecords.Session(now);
        switch (call)
        {
            case "CreateSession": await store.CreateSessionAsync(session, "hash", Ct); break;
            case "FindSessionByTokenHash": await store.FindSessionByTokenHashAsync("hash", Ct); break;
            case "GetSession": await store.GetSessionAsync(session.Id, Ct); break;
            case "ListSessions": await store.ListSessionsAsync(null, true, 10, Ct); break;
            case "EndSession": await store.EndSessionAsync(session.Id, now, Ct); break;
            case "AddToken": await store.AddTokenAsync(StoreRecords.Token(session, now), Ct); break;
            case "GetToken": await store.GetTokenAsync("tok_x", Ct); break;
            case "RevokeToken": await store.RevokeTokenAsync("tok_x", now, Ct); break;
            case "AddEscalation": await store.AddEscalationAsync(StoreRecords.Escalation(session, now), null, Ct); break;
            case "GetEscalation": await store.GetEscalationAsync("esc_x", Ct); break;
            case "UpdateEscalation": await store.UpdateEscalationAsync(StoreRecords.Escalation(session, now), StoreRecords.Token(session, now), StoreRecords.Message("esc_x", now), Ct); break;
            case "ListEscalations": await store.ListEscalationsAsync(null, true, 10, Ct); break;
            case "ListDueEscalations": await store.ListDueEscalationsAsync(now, 10, Ct); break;
            case "RecordEscalationPoll": await store.RecordEscalationPollAsync("esc_x", now, Ct); break;
            case "EnqueueOutbox": await store.EnqueueOutboxAsync(StoreRecords.Message("esc_x", now), Ct); break;
            case "ClaimOutbox": await store.ClaimOutboxAsync(now, TimeSpan.FromSeconds(30), 10, Ct); break;
            case "RescheduleOutbox": await store.RescheduleOutboxAsync(StoreRecords.Message("esc_x", now), Ct); break;
            case "CompleteOutbox": await store.CompleteOutboxAsync("msg_x", Ct); break;
            case "CheckWritable": await store.CheckWritableAsync(Ct); break;
            default: throw new ArgumentOutOfRangeException(nameof(call), call, "not a store call");
        }
    }
}
