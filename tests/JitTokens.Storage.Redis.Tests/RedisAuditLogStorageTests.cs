using JitTokens.Abstractions.Audit;
using JitTokens.Core.Errors;
using JitTokens.TestSupport.Audit;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Storage.Redis.Tests;

/// <summary>How the log lies in Redis (<see cref="RedisKeys"/>), and what happens when someone edits it there.</summary>
public sealed class RedisAuditLogStorageTests(RedisServerFixture redis) : IDisposable
{
    private readonly string _prefix = RedisServerFixture.NewKeyPrefix();
    private readonly List<RedisStoreHarness> _harnesses = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The one exception to "every key has a TTL": the log is the record.</summary>
    [Fact]
    public async Task AuditKeys_NeverExpire()
    {
        var log = Open().AuditLog;
        var stored = await log.AppendAsync(AuditRecords.Batch("a", 2), Ct);
        await log.AddCheckpointAsync(new AuditCheckpoint { Seq = 2, Hash = stored[1].Hash!, Time = DateTimeOffset.UnixEpoch, Jws = "a.b.c" }, Ct);

        var keys = ((object?[])(await redis.Server.ExecuteAsync(["KEYS", _prefix + "*"], Ct))!).Cast<string>().Order(StringComparer.Ordinal);

        Assert.Equal([_prefix + "audit", _prefix + "audit-checkpoints", _prefix + "audit-head"], keys);
        foreach (var key in keys)
        {
            Assert.Equal(-1L, await redis.Server.ExecuteAsync(["PTTL", key], Ct));
        }
    }

    [Fact]
    public async Task Stream_HoldsEachEventUnderItsSeqAndTheHeadNamesTheLast()
    {
        var stored = await Open().AuditLog.AppendAsync(AuditRecords.Batch("a", 3), Ct);

        var entries = await RedisAuditStream.ReadAsync(redis.Server, _prefix);
        var head = (object?[])(await redis.Server.ExecuteAsync(["HMGET", _prefix + "audit-head", "seq", "hash"], Ct))!;

        Assert.Equal(["1-0", "2-0", "3-0"], entries.Select(e => e.Id));
        Assert.All(entries, e => Assert.Contains("\"id\":\"a", e.Event, StringComparison.Ordinal));
        Assert.Equal(["3", stored[2].Hash], head);
    }

    /// <summary>XDEL keeps the other entries' ids, and the log goes on appending after its head: the hole stays visible.</summary>
    [Fact]
    public async Task DeletingAnEntryInPlace_IsCaughtAtItsSeqAndStaysCaughtAsTheLogGoesOn()
    {
        var log = Open().AuditLog;
        await log.AppendAsync(AuditRecords.Batch("a", 5), Ct);
        await redis.Server.ExecuteAsync(["XDEL", _prefix + "audit", "3-0"], Ct);

        var next = await Open().AuditLog.AppendAsync(AuditRecords.Batch("b", 1), Ct);
        var verification = AuditChain.Verify(await log.ReadAsync(0, 100, Ct), AuditChain.Genesis);

        Assert.Equal(6, next[0].Seq);
        Assert.False(verification.Valid);
        Assert.Equal(3, verification.FirstBadSeq);
    }

    /// <summary>With the head gone, appending from seq 1 again would start a second chain in the same stream.</summary>
    [Fact]
    public async Task Append_HeadKeyLostWhileTheStreamRemains_RefusesAndWritesNothing()
    {
        await Open().AuditLog.AppendAsync(AuditRecords.Batch("a", 3), Ct);
        await redis.Server.ExecuteAsync(["DEL", _prefix + "audit-head"], Ct);

        var exception = await Record.ExceptionAsync(() => Open().AuditLog.AppendAsync(AuditRecords.Batch("b", 2), Ct));

        Assert.IsType<AuditUnavailableException>(exception);
        Assert.Contains("fork the chain", exception.Message, StringComparison.Ordinal);
        Assert.Equal(3L, await redis.Server.ExecuteAsync(["XLEN", _prefix + "audit"], Ct));
        Assert.Equal(0L, await redis.Server.ExecuteAsync(["EXISTS", _prefix + "audit-head"], Ct));
    }

    [Theory]
    [InlineData("seq", "three")]
    [InlineData("hash", "short")]
    public async Task Head_Damaged_IsReportedUnavailableNotLinkedTo(string field, string value)
    {
        var log = Open().AuditLog;
        await log.AppendAsync(AuditRecords.Batch("a", 2), Ct);
        await redis.Server.ExecuteAsync(["HSET", _prefix + "audit-head", field, value], Ct);

        await Assert.ThrowsAsync<AuditUnavailableException>(() => Open().AuditLog.GetHeadAsync(Ct));
        await Assert.ThrowsAsync<AuditUnavailableException>(() => Open().AuditLog.AppendAsync(AuditRecords.Batch("b", 1), Ct));
        Assert.Equal(2L, await redis.Server.ExecuteAsync(["XLEN", _prefix + "audit"], Ct));
    }

    public void Dispose()
    {
        foreach (var harness in _harnesses)
        {
            harness.Dispose();
        }
    }

    private RedisStoreHarness Open()
    {
        var harness = new RedisStoreHarness(redis.Configuration, _prefix, TimeProvider.System);
        _harnesses.Add(harness);
        return harness;
    }
}
