using System.Collections.Concurrent;

namespace JitTokens.TestSupport.Storage;

public abstract partial class JitStoreContractTests
{
    private const int RaceWorkers = 8;
    private const int RaceMaxAttemptsPerWorker = 20_000;

    /// <summary>
    /// The guarantee that makes ending a session safe: a token is either refused or revoked by the end,
    /// never minted and left alive. Workers add tokens as fast as they can while the session ends.
    /// </summary>
    [Fact]
    public async Task AddToken_RacingEndSession_EveryAcceptedTokenIsRevokedAndNoneIsAcceptedAfterTheEnd()
    {
        var session = await StartSessionAsync();
        var accepted = new ConcurrentQueue<string>();
        var acceptedAfterEnd = new ConcurrentQueue<string>();
        var refusals = 0;
        var endReturned = 0;
        var enoughAccepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task WorkAsync()
        {
            for (var attempt = 0; attempt < RaceMaxAttemptsPerWorker; attempt++)
            {
                // Let the other workers and the ending call run between attempts, even on a store that answers synchronously.
                await Task.Yield();
                var endedBeforeCall = Volatile.Read(ref endReturned) == 1;
                var token = StoreRecords.Token(session, Now);
                if (!await Store.AddTokenAsync(token, Ct))
                {
                    Interlocked.Increment(ref refusals);
                    return;
                }

                accepted.Enqueue(token.Id);
                if (endedBeforeCall)
                {
                    acceptedAfterEnd.Enqueue(token.Id);
                }

                if (accepted.Count >= 2 * RaceWorkers)
                {
                    enoughAccepted.TrySetResult();
                }
            }
        }

        var workers = Enumerable.Range(0, RaceWorkers).Select(_ => Task.Run(WorkAsync, Ct)).ToArray();
        await enoughAccepted.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var end = await Store.EndSessionAsync(session.Id, Now, Ct);
        Volatile.Write(ref endReturned, 1);
        await Task.WhenAll(workers);

        Assert.Empty(acceptedAfterEnd);
        Assert.Equal(RaceWorkers, refusals); // every worker was stopped by the end, none ran out of attempts
        Assert.Equal(accepted.Order(StringComparer.Ordinal), end.RevokedTokenIds.Order(StringComparer.Ordinal));
        foreach (var id in accepted)
        {
            Assert.NotNull((await Store.GetTokenAsync(id, Ct))?.RevokedAt);
        }
    }

    [Fact]
    public async Task AddEscalation_RacingEndSession_EveryAcceptedEscalationIsCancelled()
    {
        var session = await StartSessionAsync();
        var accepted = new ConcurrentQueue<string>();
        var firstAccepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task WorkAsync()
        {
            for (var attempt = 0; attempt < RaceMaxAttemptsPerWorker; attempt++)
            {
                await Task.Yield();
                var escalation = StoreRecords.Escalation(session, Now);
                if (!await Store.AddEscalationAsync(escalation, null, Ct))
                {
                    return;
                }

                accepted.Enqueue(escalation.Id);
                firstAccepted.TrySetResult();
            }
        }

        var workers = Enumerable.Range(0, RaceWorkers).Select(_ => Task.Run(WorkAsync, Ct)).ToArray();
        await firstAccepted.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var end = await Store.EndSessionAsync(session.Id, Now, Ct);
        await Task.WhenAll(workers);

        Assert.Equal(accepted.Order(StringComparer.Ordinal), end.CancelledEscalationIds.Order(StringComparer.Ordinal));
    }
}
