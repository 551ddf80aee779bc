using JitTokens.Abstractions.Audit;
using JitTokens.Core.Audit;
using JitTokens.TestSupport.Audit;
using JitTokens.TestSupport.Clock;
using JitTokens.TestSupport.Redis;
using JitTokens.TestSupport.Storage;

namespace JitTokens.Storage.Redis.Tests;

/// <summary>
/// The issuance hot path with the log in Redis: a new token is recorded in the same script as its token.issued event
/// (<see cref="RedisAuditScripts.AppendRecording"/>), judged as the store judges a new token, and an event whose token
/// is refused is left out of the chain.
/// </summary>
public sealed class RedisTokenRecordingTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppendRecording_TokensWithTheirEvents_StoresBothAsTheStoreWould()
    {
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(redis.Configuration, RedisServerFixture.NewKeyPrefix(), time);
        var log = (ITokenRecordingAuditLog)harness.AuditLog;
        var now = time.GetUtcNow();
        var session = StoreRecords.Session(now, TimeSpan.FromHours(1));
        await harness.Store.CreateSessionAsync(session, "live", Ct);
        var tokens = new[] { StoreRecords.Token(session, now, TimeSpan.FromMinutes(5)), StoreRecords.Token(session, now, TimeSpan.FromMinutes(10)) };
        var events = AuditRecords.Batch("e", 3);

        var (chained, appended) = await log.AppendRecordingAsync(events, [new NewToken(tokens[0], now), null, new NewToken(tokens[1], now)], Ct);

        Assert.Equal([true, true, true], appended);
        Assert.Equal(["e0", "e1", "e2"], chained.Select(e => e.Id));
        Assert.Equal(3, (await harness.AuditLog.GetHeadAsync(Ct)).Seq);
        foreach (var token in tokens)
        {
            Assert.Equal(token with { RevokedAt = null, ConsumedAt = null }, await harness.Store.GetTokenAsync(token.Id, Ct));
        }

        // Ending the session revokes them: they are in its index, as a store write would have put them.
        var end = await harness.Store.EndSessionAsync(session.Id, now, Ct);
        Assert.Equal(tokens.Select(t => t.Id).Order(StringComparer.Ordinal), end!.RevokedTokenIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AppendRecording_ATokenOfAnEndedOrExpiredSession_LeavesOutItsEventAndLinksTheRest()
    {
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(redis.Configuration, RedisServerFixture.NewKeyPrefix(), time);
        var log = (ITokenRecordingAuditLog)harness.AuditLog;
        var now = time.GetUtcNow();
        var live = StoreRecords.Session(now, TimeSpan.FromHours(1));
        var ended = StoreRecords.Session(now, TimeSpan.FromHours(1));
        await harness.Store.CreateSessionAsync(live, "live", Ct);
        await harness.Store.CreateSessionAsync(ended, "ended", Ct);
        await harness.Store.EndSessionAsync(ended.Id, now, Ct);
        await harness.AuditLog.AppendAsync(AuditRecords.Batch("before", 2), Ct);
        var ok = StoreRecords.Token(live, now, TimeSpan.FromMinutes(5));
        var ofEnded = StoreRecords.Token(ended, now, TimeSpan.FromMinutes(5));
        var late = StoreRecords.Token(live, now.AddHours(2), TimeSpan.FromMinutes(5)); // its clock is past the session's end
        var events = AuditRecords.Batch("e", 5);

        var (chained, appended) = await log.AppendRecordingAsync(
            events, [new NewToken(ofEnded, now), null, new NewToken(ok, now), new NewToken(late, now.AddHours(2)), null], Ct);

        Assert.Equal([false, true, true, false, true], appended);
        Assert.Equal(["e1", "e2", "e4"], chained.Select(e => e.Id));
        var all = await harness.AuditLog.ReadAsync(0, 100, Ct);
        Assert.Equal(["before0", "before1", "e1", "e2", "e4"], all.Select(e => e.Id));
        Assert.Equal([1L, 2, 3, 4, 5], all.Select(e => e.Seq));
        var verification = AuditChain.Verify(all, AuditChain.Genesis);
        Assert.True(verification.Valid, verification.Reason);
        Assert.Equal(new AuditHead(5, all[^1].Hash!), await harness.AuditLog.GetHeadAsync(Ct));
        Assert.NotNull(await harness.Store.GetTokenAsync(ok.Id, Ct));
        Assert.Null(await harness.Store.GetTokenAsync(ofEnded.Id, Ct));
        Assert.Null(await harness.Store.GetTokenAsync(late.Id, Ct));
    }

    [Fact]
    public async Task AppendRecording_EveryTokenRefused_WritesNothing()
    {
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(redis.Configuration, RedisServerFixture.NewKeyPrefix(), time);
        var log = (ITokenRecordingAuditLog)harness.AuditLog;
        var now = time.GetUtcNow();
        var ended = StoreRecords.Session(now, TimeSpan.FromHours(1));
        await harness.Store.CreateSessionAsync(ended, "ended", Ct);
        await harness.Store.EndSessionAsync(ended.Id, now, Ct);
        var token = StoreRecords.Token(ended, now, TimeSpan.FromMinutes(5));

        var (chained, appended) = await log.AppendRecordingAsync(AuditRecords.Batch("e", 1), [new NewToken(token, now)], Ct);

        Assert.Equal([false], appended);
        Assert.Empty(chained);
        Assert.Equal(0, (await harness.AuditLog.GetHeadAsync(Ct)).Seq);
        Assert.Null(await harness.Store.GetTokenAsync(token.Id, Ct));
    }

    /// <summary>
    /// Another instance appended since this one last did, and one token is refused: the refusal comes first (nothing
    /// written), then the stale head is found (nothing written), then the rest lands after the other instance's events.
    /// </summary>
    [Fact]
    public async Task AppendRecording_ARefusalAndAnotherInstancesAppend_LinksTheRestAfterTheOtherInstance()
    {
        var time = new ManualTimeProvider();
        var prefix = RedisServerFixture.NewKeyPrefix();
        using var harness = new RedisStoreHarness(redis.Configuration, prefix, time);
        using var other = new RedisStoreHarness(redis.Configuration, prefix, time);
        var log = (ITokenRecordingAuditLog)harness.AuditLog;
        var now = time.GetUtcNow();
        var live = StoreRecords.Session(now, TimeSpan.FromHours(1));
        var ended = StoreRecords.Session(now, TimeSpan.FromHours(1));
        await harness.Store.CreateSessionAsync(live, "live", Ct);
        await harness.Store.CreateSessionAsync(ended, "ended", Ct);
        await harness.Store.EndSessionAsync(ended.Id, now, Ct);
        await harness.AuditLog.AppendAsync(AuditRecords.Batch("mine", 1), Ct); // this instance now knows head 1
        await other.AuditLog.AppendAsync(AuditRecords.Batch("theirs", 2), Ct); // the head moves to 3 behind its back
        var ok = StoreRecords.Token(live, now, TimeSpan.FromMinutes(5));
        var refused = StoreRecords.Token(ended, now, TimeSpan.FromMinutes(5));

        var (chained, appended) = await log.AppendRecordingAsync(AuditRecords.Batch("e", 2), [new NewToken(refused, now), new NewToken(ok, now)], Ct);

        Assert.Equal([false, true], appended);
        Assert.Equal([4L], chained.Select(e => e.Seq));
        var all = await harness.AuditLog.ReadAsync(0, 100, Ct);
        Assert.Equal(["mine0", "theirs0", "theirs1", "e1"], all.Select(e => e.Id));
        Assert.True(AuditChain.Verify(all, AuditChain.Genesis).Valid);
        Assert.NotNull(await harness.Store.GetTokenAsync(ok.Id, Ct));
        Assert.Null(await harness.Store.GetTokenAsync(refused.Id, Ct));
    }

    /// <summary>Through the server's sink: each caller learns whether its token was recorded; only recorded ones are in the log and the mirror.</summary>
    [Fact]
    public async Task Sink_AppendIssued_AnswersEachCallerAndMirrorsOnlyWhatWasAppended()
    {
        var time = new ManualTimeProvider();
        using var harness = new RedisStoreHarness(redis.Configuration, RedisServerFixture.NewKeyPrefix(), time);
        var now = time.GetUtcNow();
        var live = StoreRecords.Session(now, TimeSpan.FromHours(1));
        var ended = StoreRecords.Session(now, TimeSpan.FromHours(1));
        await harness.Store.CreateSessionAsync(live, "live", Ct);
        await harness.Store.CreateSessionAsync(ended, "ended", Ct);
        await harness.Store.EndSessionAsync(ended.Id, now, Ct);
        var mirror = new RecordingMirror();
        await using var sink = new GroupCommitAuditSink(harness.AuditLog, mirror, TimeProvider.System, TimeSpan.FromSeconds(5), recordTokens: true);
        var tokens = Enumerable.Range(0, 20).Select(i => StoreRecords.Token(i % 4 == 0 ? ended : live, now, TimeSpan.FromMinutes(5))).ToArray();
        var events = AuditRecords.Batch("t", tokens.Length);

        var answers = await Task.WhenAll(tokens.Select((t, i) => sink.AppendIssuedAsync(events[i], new NewToken(t, now), Ct)));
        await sink.AppendAsync(AuditRecords.Batch("plain", 1)[0], Ct);

        Assert.True(sink.RecordsTokens);
        Assert.Equal(tokens.Select(t => t.SessionId == live.Id), answers);
        var expected = events.Where((_, i) => answers[i]).Select(e => e.Id).Append("plain0").Order(StringComparer.Ordinal).ToList();
        var all = await harness.AuditLog.ReadAsync(0, 100, Ct);
        Assert.Equal(expected, all.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.True(AuditChain.Verify(all, AuditChain.Genesis).Valid);
        Assert.Equal(all.Select(e => e.Id), mirror.Ids);
        foreach (var (token, recorded) in tokens.Zip(answers))
        {
            Assert.Equal(recorded, await harness.Store.GetTokenAsync(token.Id, Ct) is not null);
        }
    }

    private sealed class RecordingMirror : IAuditMirror
    {
        private readonly List<string> _ids = [];

        public IReadOnlyList<string> Ids
        {
            get
            {
                lock (_ids)
                {
                    return [.. _ids];
                }
            }
        }

        public Task WriteAsync(IReadOnlyList<AuditBatch> chained, CancellationToken cancellationToken)
        {
            lock (_ids)
            {
                _ids.AddRange(chained.SelectMany(b => b).Select(e => e.Id));
            }

            return Task.CompletedTask;
        }
    }
}
