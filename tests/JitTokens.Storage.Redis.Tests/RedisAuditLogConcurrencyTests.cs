using System.Globalization;
using System.Runtime.ExceptionServices;
using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Wire;
using JitTokens.TestSupport.Audit;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Storage.Redis.Tests;

/// <summary>
/// Several server instances on one Redis write one chain (issue 4): each instance here has its own connection,
/// as separate processes would, and they append at the same time.
/// </summary>
public sealed class RedisAuditLogConcurrencyTests(RedisServerFixture redis) : IDisposable
{
    private readonly string _prefix = RedisServerFixture.NewKeyPrefix();
    private readonly List<RedisStoreHarness> _harnesses = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Each instance runs <paramref name="writersPerInstance"/> loops (the server has one; more is the harder case)
    /// of 40 batches of 1 to 3 events. Every writer starts its batch b only when all have finished batch b - 1, so
    /// they race on every round (left free, a fast client lets one writer finish before another is scheduled), and
    /// every round all instances but the one that appended last link after a head that has moved since: the
    /// compare-and-append refuses them and they link again, which is the path under test.
    /// </summary>
    [Theory]
    [InlineData(2, 1)]
    [InlineData(4, 1)]
    [InlineData(4, 3)]
    public async Task Instances_AppendingAtOnceInSmallBatches_WriteOneValidChainWithoutGapsOrDuplicates(int instances, int writersPerInstance)
    {
        const int Batches = 40;
        var logs = Enumerable.Range(0, instances).Select(_ => Open().AuditLog).ToList();
        foreach (var log in logs)
        {
            await log.GetHeadAsync(Ct); // connect every instance before the start
        }

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var rounds = Enumerable.Range(0, Batches).Select(_ => new RoundStart(instances * writersPerInstance)).ToArray();
        var writers = logs.SelectMany((log, i) => Enumerable.Range(0, writersPerInstance).Select(w => Task.Run(async () =>
        {
            var stored = new List<AuditEvent>();
            try
            {
                for (var b = 0; b < Batches; b++)
                {
                    await rounds[b].ArriveAndWaitAsync(failed.Token);
                    var prefix = string.Create(CultureInfo.InvariantCulture, $"i{i}w{w}b{b}e");
                    stored.AddRange(await log.AppendAsync(AuditRecords.Batch(prefix, 1 + (b % 3)), Ct));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await failed.CancelAsync(); // the others stop waiting for a writer that will never arrive
                throw;
            }

            return stored;
        }))).ToList();
        await ((Task)Task.WhenAll(writers)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext); // every writer done, failed or not
        if (writers.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure); // the writer's own error, not a cancelled writer's
        }

        var returned = await Task.WhenAll(writers);

        var all = await logs[0].ReadAsync(0, 100_000, Ct);
        var expectedCount = instances * writersPerInstance * Enumerable.Range(0, Batches).Sum(b => 1 + (b % 3));
        Assert.Equal(Enumerable.Range(1, expectedCount).Select(i => (long)i), all.Select(e => e.Seq));
        Assert.Equal(returned.SelectMany(r => r).Select(e => e.Id).Order(StringComparer.Ordinal), all.Select(e => e.Id).Order(StringComparer.Ordinal));
        var verification = AuditChain.Verify(all, AuditChain.Genesis);
        Assert.True(verification.Valid, verification.Reason);
        Assert.Equal(new Core.Audit.AuditHead(expectedCount, all[^1].Hash!), await logs[^1].GetHeadAsync(Ct));
        foreach (var stored in returned.SelectMany(r => r))
        {
            Assert.Equivalent(stored, all[(int)stored.Seq - 1], strict: true); // what each writer was told is what the log holds
        }

        foreach (var writer in returned)
        {
            Assert.Equal(writer.Select(e => e.Id), all.Select(e => e.Id).Where(new HashSet<string>(writer.Select(e => e.Id)).Contains)); // each writer's order is kept
        }
    }

    [Fact]
    public async Task Append_AfterAnotherInstanceAppended_LinksAfterTheOtherInstancesEvents()
    {
        var first = Open().AuditLog;
        var second = Open().AuditLog;
        await first.AppendAsync(AuditRecords.Batch("a", 2), Ct);
        var theirs = await second.AppendAsync(AuditRecords.Batch("b", 3), Ct);

        var ours = await first.AppendAsync(AuditRecords.Batch("c", 1), Ct);

        Assert.Equal(6, ours[0].Seq);
        Assert.Equal(theirs[^1].Hash, ours[0].PrevHash);
        Assert.True(AuditChain.Verify(await first.ReadAsync(0, 100, Ct), AuditChain.Genesis).Valid);
    }

    /// <summary>A Redis that restarted empty and was written again by another instance can hold the head seq this instance remembers, with another hash.</summary>
    [Fact]
    public async Task Append_StoredHeadHasTheRememberedSeqButAnotherHash_LinksAfterTheStoredHead()
    {
        var first = Open().AuditLog;
        await first.AppendAsync(AuditRecords.Batch("a", 2), Ct);
        await redis.Server.ExecuteAsync(["DEL", _prefix + "audit", _prefix + "audit-head"], Ct);
        var theirs = await Open().AuditLog.AppendAsync(AuditRecords.Batch("b", 2), Ct);

        var ours = await first.AppendAsync(AuditRecords.Batch("c", 1), Ct);

        Assert.Equal(3, ours[0].Seq);
        Assert.Equal(theirs[^1].Hash, ours[0].PrevHash);
        var all = await first.ReadAsync(0, 100, Ct);
        Assert.Equal(["b0", "b1", "c0"], all.Select(e => e.Id));
        Assert.True(AuditChain.Verify(all, AuditChain.Genesis).Valid);
    }

    public void Dispose()
    {
        foreach (var harness in _harnesses)
        {
            harness.Dispose();
        }
    }

    /// <summary>Opens when all of its writers have arrived: the start of one round.</summary>
    private sealed class RoundStart(int writers)
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiting = writers;

        public Task ArriveAndWaitAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref _waiting) == 0)
            {
                _open.SetResult();
            }

            // A writer that failed never arrives: its failure cancels the others' wait.
            return _open.Task.WaitAsync(cancellationToken);
        }
    }

    private RedisStoreHarness Open()
    {
        var harness = new RedisStoreHarness(redis.Configuration, _prefix, TimeProvider.System);
        _harnesses.Add(harness);
        return harness;
    }
}
