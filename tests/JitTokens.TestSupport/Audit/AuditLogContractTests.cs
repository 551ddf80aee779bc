using System.Text.Json;
using System.Text.Json.Nodes;
using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Audit;

namespace JitTokens.TestSupport.Audit;

/// <summary>
/// The one behaviour every <see cref="IAuditLog"/> must have (STYLE.md 7): the NDJSON file and Redis pass the
/// same tests. A log's test class inherits this and says how to open the log on its storage and how to read and
/// rewrite what that storage holds (for the tampering tests).
/// </summary>
public abstract class AuditLogContractTests
{
    private IAuditLog? _log;

    internal IAuditLog Log => _log ??= OpenLog();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A log instance over this test's storage. The first call starts on new, empty storage; each later call is a
    /// restart (or another server process) on the same storage, and the instance from the call before is not used again.
    /// </summary>
    internal abstract IAuditLog OpenLog();

    /// <summary>The stored events as the storage holds them (JSON), in storage order.</summary>
    protected abstract Task<IReadOnlyList<string>> ReadStoredAsync();

    /// <summary>Replaces the stored events with <paramref name="events"/> (JSON, in this order), as someone with write access to the storage could. The head stays as it was.</summary>
    protected abstract Task RewriteStoredAsync(IReadOnlyList<string> events);

    [Fact]
    public async Task Append_Batches_GetDenseSeqsFromOneInAChainThatVerifies()
    {
        await Log.AppendAsync(AuditRecords.Batch("a", 3), Ct);
        await Log.AppendAsync(AuditRecords.Batch("b", 1), Ct);
        await Log.AppendAsync(AuditRecords.Batch("c", 4), Ct);

        var all = await ReadAllAsync();

        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), all.Select(e => e.Seq));
        var verification = AuditChain.Verify(all, AuditChain.Genesis);
        Assert.True(verification.Valid, verification.Reason);
        Assert.Equal(8, verification.Events);
        Assert.Equal(AuditChain.Genesis, all[0].PrevHash);
    }

    [Fact]
    public async Task Append_ABatch_KeepsItsOrder()
    {
        var batch = AuditRecords.Batch("e", 10);

        await Log.AppendAsync(batch, Ct);

        Assert.Equal(batch.Select(e => e.Id), (await ReadAllAsync()).Select(e => e.Id));
    }

    [Fact]
    public async Task Append_EventsCarryingSeqAndHashes_AreLinkedAfresh()
    {
        await Log.AppendAsync(AuditRecords.Batch("a", 2), Ct);
        var forged = AuditRecords.Event("x") with { Seq = 99, PrevHash = new string('f', 64), Hash = new string('e', 64) };

        var stored = await Log.AppendAsync([forged], Ct);

        Assert.Equal(3, stored[0].Seq);
        Assert.Equal((await ReadAllAsync())[1].Hash, stored[0].PrevHash);
        Assert.Equal(AuditChain.Hash(stored[0]), stored[0].Hash);
    }

    [Fact]
    public async Task Append_ReturnsTheEventsAsTheyAreRead()
    {
        var returned = (await Log.AppendAsync(AuditRecords.Batch("a", 2), Ct)).Concat(await Log.AppendAsync([AuditRecords.Full("full")], Ct));

        Assert.Equivalent(returned, await ReadAllAsync(), strict: true);
    }

    [Fact]
    public async Task Append_EveryMember_RoundTripsAndStaysInTheChain()
    {
        var stored = await Log.AppendAsync([AuditRecords.Full("full")], Ct);

        var read = Assert.Single(await Reopen().ReadAsync(0, 10, Ct));

        Assert.Equivalent(stored[0], read, strict: true);
        Assert.Equal(["bob", "carol"], read.Approvers);
        Assert.True(AuditChain.Verify([read], AuditChain.Genesis).Valid);
    }

    [Fact]
    public async Task Append_EmptyBatch_StoresNothing()
    {
        var stored = await Log.AppendAsync([], Ct);

        Assert.Empty(stored);
        Assert.Equal(new AuditHead(0, AuditChain.Genesis), await Log.GetHeadAsync(Ct));
        Assert.Empty(await ReadAllAsync());
    }

    [Theory]
    [InlineData(0, 3, 1, 3)]
    [InlineData(3, 100, 4, 10)]
    [InlineData(4, 2, 5, 6)]
    [InlineData(9, 5, 10, 10)]
    [InlineData(10, 5, 0, -1)]
    [InlineData(50, 5, 0, -1)]
    [InlineData(0, 0, 0, -1)]
    [InlineData(0, -1, 0, -1)]
    public async Task Read_AfterASeqWithALimit_ReturnsThatWindowInOrder(long afterSeq, int limit, int firstSeq, int lastSeq)
    {
        await Log.AppendAsync(AuditRecords.Batch("a", 4), Ct);
        await Log.AppendAsync(AuditRecords.Batch("b", 6), Ct);

        var read = await Log.ReadAsync(afterSeq, limit, Ct);

        Assert.Equal(Enumerable.Range(firstSeq, lastSeq - firstSeq + 1).Select(i => (long)i), read.Select(e => e.Seq));
    }

    [Fact]
    public async Task Head_EmptyLog_IsSeqZeroAndGenesis()
        => Assert.Equal(new AuditHead(0, AuditChain.Genesis), await Log.GetHeadAsync(Ct));

    [Fact]
    public async Task Head_AfterAppends_IsTheLastEventsSeqAndHash()
    {
        await Log.AppendAsync(AuditRecords.Batch("a", 2), Ct);
        var last = (await Log.AppendAsync(AuditRecords.Batch("b", 3), Ct))[^1];

        Assert.Equal(new AuditHead(5, last.Hash!), await Log.GetHeadAsync(Ct));
    }

    [Fact]
    public async Task Checkpoints_RoundTripOldestFirst()
    {
        Assert.Empty(await Log.ReadCheckpointsAsync(Ct));
        var stored = await Log.AppendAsync(AuditRecords.Batch("a", 2), Ct);
        var first = new AuditCheckpoint { Seq = 1, Hash = stored[0].Hash!, Time = new DateTimeOffset(2026, 11, 22, 9, 1, 0, TimeSpan.Zero), Jws = "a.b.c" };
        var second = new AuditCheckpoint { Seq = 2, Hash = stored[1].Hash!, Time = new DateTimeOffset(2026, 11, 22, 9, 2, 0, TimeSpan.Zero), Jws = "d.e.f" };

        await Log.AddCheckpointAsync(first, Ct);
        await Log.AddCheckpointAsync(second, Ct);

        Assert.Equal([first, second], await Log.ReadCheckpointsAsync(Ct));
        Assert.Equal([first, second], await Reopen().ReadCheckpointsAsync(Ct));
    }

    [Fact]
    public async Task NewInstance_OnTheSameStorage_ContinuesTheChain()
    {
        var before = await Log.AppendAsync(AuditRecords.Batch("a", 3), Ct);

        var reopened = Reopen();
        var head = await reopened.GetHeadAsync(Ct);
        var after = await reopened.AppendAsync(AuditRecords.Batch("b", 2), Ct);

        Assert.Equal(new AuditHead(3, before[^1].Hash!), head);
        Assert.Equal(4, after[0].Seq);
        Assert.Equal(before[^1].Hash, after[0].PrevHash);
        var all = await reopened.ReadAsync(0, 100, Ct);
        Assert.Equal(["a0", "a1", "a2", "b0", "b1"], all.Select(e => e.Id));
        Assert.True(AuditChain.Verify(all, AuditChain.Genesis).Valid);
    }

    /// <summary>
    /// Someone with write access to the storage edits it; verification names the first seq that no longer holds:
    /// the changed event, the event after one whose hash was made to match again, or the seq missing from its place.
    /// </summary>
    [Theory]
    [InlineData("change a member of seq 3", 3, 2)]
    [InlineData("change a member of seq 3 and recompute its hash", 4, 3)]
    [InlineData("delete seq 3", 3, 2)]
    [InlineData("swap seq 3 and seq 4", 3, 2)]
    public async Task Tampering_WithTheStoredEvents_IsCaughtAtTheFirstBadSeq(string tampering, long firstBadSeq, long goodEvents)
    {
        await Log.AppendAsync(AuditRecords.Batch("a", 2), Ct);
        await Log.AppendAsync(AuditRecords.Batch("b", 4), Ct);
        Assert.True(AuditChain.Verify(await ReadAllAsync(), AuditChain.Genesis).Valid);
        var stored = (await ReadStoredAsync()).ToList();

        await RewriteStoredAsync(Tamper(stored, tampering));
        var verification = AuditChain.Verify(await Reopen().ReadAsync(0, 100, Ct), AuditChain.Genesis);

        Assert.False(verification.Valid);
        Assert.Equal(firstBadSeq, verification.FirstBadSeq);
        Assert.Equal(goodEvents, verification.Events);
    }

    /// <summary>A new instance on the same storage (<see cref="OpenLog"/>), which <see cref="Log"/> is from now on.</summary>
    [Fact]
    public async Task TrimThrough_RemovesTheOldestEvents_KeepsTheHead_AndWhatRemainsVerifiesFromTheTrimPoint()
    {
        var first = await Log.AppendAsync(AuditRecords.Batch("a", 5), Ct);

        var removed = await Log.TrimThroughAsync(3, Ct);
        var next = await Log.AppendAsync(AuditRecords.Batch("b", 1), Ct);

        Assert.Equal(3, removed);
        var remaining = await ReadAllAsync();
        Assert.Equal([4L, 5L, 6L], remaining.Select(e => e.Seq));
        Assert.Equal(6, next[0].Seq);
        Assert.Equal(first[^1].Hash, next[0].PrevHash);
        Assert.True(AuditChain.Verify(remaining, first[2].Hash).Valid);
        Assert.Equal(new AuditHead(6, next[0].Hash!), await Log.GetHeadAsync(Ct));
        Assert.Equal([5L, 6L], (await Log.ReadAsync(4, 10, Ct)).Select(e => e.Seq));
    }

    [Fact]
    public async Task TrimThrough_BeforeTheFirstEvent_RemovesNothing()
    {
        await Log.AppendAsync(AuditRecords.Batch("a", 2), Ct);
        await Log.TrimThroughAsync(1, Ct);

        Assert.Equal(0, await Log.TrimThroughAsync(1, Ct));
        Assert.Equal([2L], (await ReadAllAsync()).Select(e => e.Seq));
    }

    internal IAuditLog Reopen() => _log = OpenLog();

    /// <summary>Every stored event, read by the current instance.</summary>
    internal async Task<IReadOnlyList<AuditEvent>> ReadAllAsync() => await Log.ReadAsync(0, 100_000, Ct);

    private static List<string> Tamper(List<string> stored, string tampering)
    {
        switch (tampering)
        {
            case "change a member of seq 3":
                stored[2] = Edit(stored[2], e => e["purpose"] = "nothing to see here");
                break;
            case "change a member of seq 3 and recompute its hash":
                stored[2] = Edit(stored[2], e =>
                {
                    e["environment"] = "production";
                    e["hash"] = AuditChain.Hash(JsonSerializer.Deserialize(e.ToJsonString(), JitJson.Context.AuditEvent)!);
                });
                break;
            case "delete seq 3":
                stored.RemoveAt(2);
                break;
            case "swap seq 3 and seq 4":
                (stored[2], stored[3]) = (stored[3], stored[2]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(tampering), tampering, "not a tampering this test knows");
        }

        return stored;
    }

    private static string Edit(string json, Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        edit(node);
        return node.ToJsonString();
    }
}
