using System.Diagnostics;
using JitTokens.Abstractions.Audit;
using JitTokens.Core.Audit;
using JitTokens.Core.Errors;
using JitTokens.TestSupport.Audit;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Storage.Redis.Tests;

/// <summary>
/// Redis down, full or not answering while the log appends: the append fails with AuditUnavailableException
/// within a bounded time and leaves no part of its batch; an append Redis runs late is found, or lands once.
/// Each test has its own redis-server, since it stops or pauses it.
/// </summary>
public sealed class RedisAuditLogOutageTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Calls => ["Append", "Read", "GetHead", "AddCheckpoint", "ReadCheckpoints"];

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Call_RedisStopped_ThrowsAuditUnavailableWithinTheTimeout(string call)
    {
        await using var server = await RedisServer.StartNewAsync(Ct);
        using var harness = new RedisStoreHarness(server.Configuration, "jit:", TimeProvider.System, TimeSpan.FromSeconds(2));
        await harness.AuditLog.AppendAsync(AuditRecords.Batch("a", 1), Ct);
        await server.StopAsync();

        var elapsed = Stopwatch.StartNew();
        var exception = await Record.ExceptionAsync(() => InvokeAsync(harness.AuditLog, call));

        Assert.IsType<AuditUnavailableException>(exception);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(2) + Grace, $"{call} took {elapsed.Elapsed} to fail");
    }

    /// <summary>The data survives the restart here (saved before the crash), so what the failed append left is visible: nothing.</summary>
    [Fact]
    public async Task Append_RedisStopped_LeavesNothingAndTheChainContinuesAfterTheRestart()
    {
        await using var server = await RedisServer.StartNewAsync(Ct);
        using var harness = new RedisStoreHarness(server.Configuration, "jit:", TimeProvider.System);
        var before = await harness.AuditLog.AppendAsync(AuditRecords.Batch("a", 3), Ct);
        await server.ExecuteAsync(["SAVE"], Ct);
        await server.StopAsync();
        await Assert.ThrowsAsync<AuditUnavailableException>(() => harness.AuditLog.AppendAsync(AuditRecords.Batch("lost", 4), Ct));

        await server.StartAsync(Ct);
        var head = await WaitUntilReadableAsync(harness.AuditLog);
        var after = await harness.AuditLog.AppendAsync(AuditRecords.Batch("b", 2), Ct);

        Assert.Equal(new AuditHead(3, before[^1].Hash!), head);
        Assert.Equal(4, after[0].Seq);
        var all = await harness.AuditLog.ReadAsync(0, 100, Ct);
        Assert.Equal(["a0", "a1", "a2", "b0", "b1"], all.Select(e => e.Id));
        Assert.True(AuditChain.Verify(all, AuditChain.Genesis).Valid);
    }

    [Fact]
    public async Task Append_RedisOutOfMemory_ThrowsAuditUnavailableAndWritesNoPartOfTheBatch()
    {
        await using var server = await RedisServer.StartNewAsync(Ct);
        using var harness = new RedisStoreHarness(server.Configuration, "jit:", TimeProvider.System);
        await harness.AuditLog.AppendAsync(AuditRecords.Batch("a", 2), Ct);
        await server.ExecuteAsync(["CONFIG", "SET", "maxmemory", "1"], Ct);

        var exception = await Record.ExceptionAsync(() => harness.AuditLog.AppendAsync(AuditRecords.Batch("full", 5), Ct));

        await server.ExecuteAsync(["CONFIG", "SET", "maxmemory", "0"], Ct);
        Assert.IsType<AuditUnavailableException>(exception);
        Assert.Equal(2L, await server.ExecuteAsync(["XLEN", "jit:audit"], Ct));
        Assert.Equal("2", await server.ExecuteAsync(["HGET", "jit:audit-head", "seq"], Ct));
        var next = await harness.AuditLog.AppendAsync(AuditRecords.Batch("b", 1), Ct);
        Assert.Equal(3, next[0].Seq);
    }

    /// <summary>
    /// Redis holds the append (CLIENT PAUSE WRITE) past the timeout, then runs it; the check of the head queues behind it
    /// on the same connection and finds it stored, so the caller is told it is stored, and it is there once.
    /// </summary>
    [Fact]
    public async Task Append_AnsweredAfterTheTimeoutButStored_ReportsItStoredOnce()
    {
        await using var server = await RedisServer.StartNewAsync(Ct);
        var timeout = TimeSpan.FromMilliseconds(1000);
        using var harness = new RedisStoreHarness(server.Configuration, "jit:", TimeProvider.System, timeout);
        await harness.AuditLog.AppendAsync(AuditRecords.Batch("a", 1), Ct);
        await server.ExecuteAsync(["CLIENT", "PAUSE", "1500", "WRITE"], Ct);

        var elapsed = Stopwatch.StartNew();
        var stored = await harness.AuditLog.AppendAsync(AuditRecords.Batch("late", 3), Ct);

        Assert.InRange(elapsed.Elapsed, timeout, timeout * 2 + Grace);
        Assert.Equal([2L, 3L, 4L], stored.Select(e => e.Seq));
        var all = await harness.AuditLog.ReadAsync(0, 100, Ct);
        Assert.Equal(["a0", "late0", "late1", "late2"], all.Select(e => e.Id));
        Assert.Equivalent(stored, all.Skip(1), strict: true);
        Assert.True(AuditChain.Verify(all, AuditChain.Genesis).Valid);
    }

    /// <summary>
    /// Redis holds the append past the timeout and past the check of the head: the caller is told it failed. It is never
    /// sent again; when Redis runs it, it lands once, and the next append links after it.
    /// </summary>
    [Fact]
    public async Task Append_NotAnsweredInTime_ThrowsAuditUnavailableAndNeverStoresTheBatchTwice()
    {
        await using var server = await RedisServer.StartNewAsync(Ct);
        var timeout = TimeSpan.FromMilliseconds(500);
        using var harness = new RedisStoreHarness(server.Configuration, "jit:", TimeProvider.System, timeout);
        await harness.AuditLog.AppendAsync(AuditRecords.Batch("a", 1), Ct);
        await server.ExecuteAsync(["CLIENT", "PAUSE", "2500", "WRITE"], Ct);

        var elapsed = Stopwatch.StartNew();
        var exception = await Record.ExceptionAsync(() => harness.AuditLog.AppendAsync(AuditRecords.Batch("unconfirmed", 2), Ct));

        Assert.IsType<AuditUnavailableException>(exception);
        Assert.InRange(elapsed.Elapsed, timeout, timeout * 2 + Grace);
        await WaitUntilAsync(async () => "3".Equals(await server.ExecuteAsync(["HGET", "jit:audit-head", "seq"], Ct)));
        var next = await harness.AuditLog.AppendAsync(AuditRecords.Batch("b", 1), Ct);
        Assert.Equal(4, next[0].Seq);
        var all = await harness.AuditLog.ReadAsync(0, 100, Ct);
        Assert.Equal(["a0", "unconfirmed0", "unconfirmed1", "b0"], all.Select(e => e.Id));
        Assert.True(AuditChain.Verify(all, AuditChain.Genesis).Valid);
    }

    private static async Task<AuditHead> WaitUntilReadableAsync(IAuditLog log)
    {
        AuditHead? head = null;
        await WaitUntilAsync(async () =>
        {
            try
            {
                head = await log.GetHeadAsync(Ct);
                return true;
            }
            catch (AuditUnavailableException)
            {
                return false;
            }
        });
        return head!;
    }

    /// <summary>Nothing tells the test when Redis gets to a held command or the multiplexer reconnects, so poll, bounded.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "the condition did not hold within 20 s");
            await Task.Delay(TimeSpan.FromMilliseconds(50), Ct);
        }
    }

    private static async Task InvokeAsync(IAuditLog log, string call)
    {
        switch (call)
        {
            case "Append": await log.AppendAsync(AuditRecords.Batch("x", 2), Ct); break;
            case "Read": await log.ReadAsync(0, 10, Ct); break;
            case "GetHead": await log.GetHeadAsync(Ct); break;
            case "AddCheckpoint": await log.AddCheckpointAsync(new AuditCheckpoint { Seq = 1, Hash = AuditChain.Genesis, Time = DateTimeOffset.UnixEpoch, Jws = "a.b.c" }, Ct); break;
            case "ReadCheckpoints": await log.ReadCheckpointsAsync(Ct); break;
            default: throw new ArgumentOutOfRangeException(nameof(call), call, "not a log call");
        }
    }
}
