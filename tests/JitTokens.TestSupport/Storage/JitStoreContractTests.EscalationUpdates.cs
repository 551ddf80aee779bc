using JitTokens.Abstractions.Wire;
using JitTokens.Core.Storage;

namespace JitTokens.TestSupport.Storage;

public abstract partial class JitStoreContractTests
{
    private const int RacingWriters = 16;

    [Fact]
    public async Task UpdateEscalation_CurrentVersion_StoresEveryFieldAsTheNextVersion()
    {
        var session = await StartSessionAsync();
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending);
        var approved = StoreRecords.Approved(pending, Now + TimeSpan.FromMinutes(2));

        var write = await Store.UpdateEscalationAsync(approved, null, null, Ct);

        Assert.Equal(EscalationWrite.Written, write);
        AssertSameRecord(approved with { Version = 2 }, await Store.GetEscalationAsync(pending.Id, Ct));
    }

    [Fact]
    public async Task UpdateEscalation_Twice_CountsTheVersionUp()
    {
        var session = await StartSessionAsync();
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending);
        Assert.Equal(EscalationWrite.Written, await Store.UpdateEscalationAsync(StoreRecords.Approved(pending, Now), null, null, Ct));
        var second = (await Store.GetEscalationAsync(pending.Id, Ct))! with { Status = EscalationStatuses.Redeemed, TokenId = "tok_minted" };

        var write = await Store.UpdateEscalationAsync(second, null, null, Ct);

        Assert.Equal(EscalationWrite.Written, write);
        AssertSameRecord(second with { Version = 3 }, await Store.GetEscalationAsync(pending.Id, Ct));
    }

    [Fact]
    public async Task UpdateEscalation_StaleVersion_ConflictsAndChangesNothing()
    {
        var session = await StartSessionAsync();
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending);
        var first = StoreRecords.Approved(pending, Now);
        Assert.Equal(EscalationWrite.Written, await Store.UpdateEscalationAsync(first, null, null, Ct));

        var write = await Store.UpdateEscalationAsync(pending with { Status = EscalationStatuses.Denied, DecidedBy = "carol" }, null, null, Ct);

        Assert.Equal(EscalationWrite.Conflict, write);
        AssertSameRecord(first with { Version = 2 }, await Store.GetEscalationAsync(pending.Id, Ct));
    }

    [Fact]
    public async Task UpdateEscalation_VersionAhead_Conflicts()
    {
        var session = await StartSessionAsync();
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending);

        var write = await Store.UpdateEscalationAsync(StoreRecords.Approved(pending, Now) with { Version = 2 }, null, null, Ct);

        Assert.Equal(EscalationWrite.Conflict, write);
        AssertSameRecord(pending, await Store.GetEscalationAsync(pending.Id, Ct));
    }

    [Fact]
    public async Task UpdateEscalation_UnknownId_ConflictsAndCreatesNothing()
    {
        var session = await StartSessionAsync();
        var never = StoreRecords.Escalation(session, Now);

        var write = await Store.UpdateEscalationAsync(never, null, null, Ct);

        Assert.Equal(EscalationWrite.Conflict, write);
        Assert.Null(await Store.GetEscalationAsync(never.Id, Ct));
        Assert.Empty(await Store.ListEscalationsAsync(null, false, 10, Ct));
    }

    [Fact]
    public async Task UpdateEscalation_PastRetention_Conflicts()
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromHours(12));
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending);
        Time.Set(pending.ExpiresAt + StoreRetention.Escalation);

        var write = await Store.UpdateEscalationAsync(pending with { Status = EscalationStatuses.Expired }, null, null, Ct);

        Assert.Equal(EscalationWrite.Conflict, write);
        Assert.Null(await Store.GetEscalationAsync(pending.Id, Ct));
    }

    [Fact]
    public async Task UpdateEscalation_PastExpiryWithinRetention_IsWritten()
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromHours(12));
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending);
        Time.Set(pending.ExpiresAt + StoreRetention.Escalation - TimeSpan.FromMinutes(1));
        var expired = pending with { Status = EscalationStatuses.Expired, DecidedAt = pending.ExpiresAt };

        var write = await Store.UpdateEscalationAsync(expired, null, null, Ct);

        Assert.Equal(EscalationWrite.Written, write);
        AssertSameRecord(expired with { Version = 2 }, await Store.GetEscalationAsync(pending.Id, Ct));
    }

    [Fact]
    public async Task UpdateEscalation_WithTokenAndLiveSession_StoresTheTokenAsAddTokenWould()
    {
        var session = await StartSessionAsync();
        var approved = await AddEscalationAsync(session, EscalationStatuses.Approved);
        var token = StoreRecords.Token(session, Now);
        var redeemed = approved with { Status = EscalationStatuses.Redeemed, TokenId = token.Id };

        var write = await Store.UpdateEscalationAsync(redeemed, token with { RevokedAt = Now }, null, Ct);

        Assert.Equal(EscalationWrite.Written, write);
        AssertSameRecord(redeemed with { Version = 2 }, await Store.GetEscalationAsync(approved.Id, Ct));
        AssertSameRecord(token, await Store.GetTokenAsync(token.Id, Ct));
        var end = await Store.EndSessionAsync(session.Id, Now, Ct);
        Assert.Equal([token.Id], end.RevokedTokenIds);
        Assert.Equal(Now, (await Store.GetTokenAsync(token.Id, Ct))?.RevokedAt);
    }

    [Theory]
    [MemberData(nameof(DeadSessionStates))]
    public async Task UpdateEscalation_WithTokenAndSessionNotLive_ReturnsSessionGoneAndWritesNothing(string state)
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromMinutes(30));
        var approved = await AddEscalationAsync(session, EscalationStatuses.Approved, TimeSpan.FromMinutes(20));
        var tokenSession = state == "unknown" ? StoreRecords.Session(Now) : session;
        if (state == "expired")
        {
            Time.Set(session.ExpiresAt);
        }
        else if (state == "ended")
        {
            await Store.EndSessionAsync(session.Id, Now, Ct);
        }

        var current = await Store.GetEscalationAsync(approved.Id, Ct);
        Assert.NotNull(current);
        var token = StoreRecords.Token(tokenSession, Now);
        var message = StoreRecords.Message(approved.Id, Now);

        var write = await Store.UpdateEscalationAsync(current with { Status = EscalationStatuses.Redeemed, TokenId = token.Id }, token, message, Ct);

        Assert.Equal(EscalationWrite.SessionGone, write);
        AssertSameRecord(current, await Store.GetEscalationAsync(approved.Id, Ct));
        Assert.Null(await Store.GetTokenAsync(token.Id, Ct));
        Assert.Empty(await ClaimAllAsync());
    }

    [Fact]
    public async Task UpdateEscalation_WithTokenButStaleVersion_ConflictsAndStoresNoToken()
    {
        var session = await StartSessionAsync();
        var approved = await AddEscalationAsync(session, EscalationStatuses.Approved);
        Assert.Equal(EscalationWrite.Written, await Store.UpdateEscalationAsync(approved with { Comment = "first" }, null, null, Ct));
        var token = StoreRecords.Token(session, Now);

        var write = await Store.UpdateEscalationAsync(approved with { Status = EscalationStatuses.Redeemed, TokenId = token.Id }, token, null, Ct);

        Assert.Equal(EscalationWrite.Conflict, write);
        Assert.Null(await Store.GetTokenAsync(token.Id, Ct));
        Assert.Empty((await Store.EndSessionAsync(session.Id, Now, Ct)).RevokedTokenIds);
    }

    [Fact]
    public async Task UpdateEscalation_WithMessage_EnqueuesIt()
    {
        var session = await StartSessionAsync();
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending);
        var message = StoreRecords.Message(pending.Id, Now);

        Assert.Equal(EscalationWrite.Written, await Store.UpdateEscalationAsync(StoreRecords.Approved(pending, Now), null, message, Ct));

        AssertSameRecord(message, Assert.Single(await ClaimAllAsync()));
    }

    [Fact]
    public async Task UpdateEscalation_Conflict_EnqueuesNothing()
    {
        var session = await StartSessionAsync();
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending);

        var write = await Store.UpdateEscalationAsync(pending with { Version = 7 }, null, StoreRecords.Message(pending.Id, Now), Ct);

        Assert.Equal(EscalationWrite.Conflict, write);
        Assert.Empty(await ClaimAllAsync());
    }

    [Fact]
    public async Task AddEscalation_WithMessage_EnqueuesIt()
    {
        var session = await StartSessionAsync();
        var escalation = StoreRecords.Escalation(session, Now);
        var message = StoreRecords.Message(escalation.Id, Now);

        Assert.True(await Store.AddEscalationAsync(escalation, message, Ct));

        AssertSameRecord(message, Assert.Single(await ClaimAllAsync()));
    }

    [Theory]
    [MemberData(nameof(DeadSessionStates))]
    public async Task AddEscalation_SessionNotLive_EnqueuesNothing(string state)
    {
        var session = await DeadSessionAsync(state);
        var escalation = StoreRecords.Escalation(session, Now);

        Assert.False(await Store.AddEscalationAsync(escalation, StoreRecords.Message(escalation.Id, Now), Ct));

        Assert.Empty(await ClaimAllAsync());
    }

    [Fact]
    public async Task UpdateEscalation_ManyWritersFromTheSameVersion_ExactlyOneIsWritten()
    {
        var session = await StartSessionAsync();
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var writes = Enumerable.Range(0, RacingWriters).Select(i => Task.Run(
            async () =>
            {
                await start.Task;
                var decided = pending with { Status = EscalationStatuses.Denied, DecidedBy = "approver-" + i };
                return (Decider: decided.DecidedBy, Write: await Store.UpdateEscalationAsync(decided, null, StoreRecords.Message(pending.Id, Now), Ct));
            },
            Ct)).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(writes);

        var winner = Assert.Single(results, r => r.Write == EscalationWrite.Written);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(EscalationWrite.Conflict, r.Write));
        var stored = await Store.GetEscalationAsync(pending.Id, Ct);
        Assert.Equal(2, stored?.Version);
        Assert.Equal(winner.Decider, stored?.DecidedBy);
        Assert.Single(await ClaimAllAsync());
    }

    [Fact]
    public async Task UpdateEscalation_PreparedBeforeTheSessionEnded_Conflicts()
    {
        var session = await StartSessionAsync();
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending);
        var prepared = StoreRecords.Approved(pending, Now);

        await Store.EndSessionAsync(session.Id, Now, Ct);
        var write = await Store.UpdateEscalationAsync(prepared, null, null, Ct);

        Assert.Equal(EscalationWrite.Conflict, write);
        Assert.Equal(EscalationStatuses.Cancelled, (await Store.GetEscalationAsync(pending.Id, Ct))?.Status);
    }

    [Fact]
    public async Task UpdateEscalation_LaterExpiry_ExtendsTheRetention()
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromHours(12));
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending, TimeSpan.FromMinutes(15));
        var approved = StoreRecords.Approved(pending, Now + TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30));
        Assert.Equal(EscalationWrite.Written, await Store.UpdateEscalationAsync(approved, null, null, Ct));

        Time.Set(pending.ExpiresAt + StoreRetention.Escalation);
        var afterOldRetention = await Store.GetEscalationAsync(pending.Id, Ct);
        Time.Set(approved.ExpiresAt + StoreRetention.Escalation);
        var afterNewRetention = await Store.GetEscalationAsync(pending.Id, Ct);

        AssertSameRecord(approved with { Version = 2 }, afterOldRetention);
        Assert.Null(afterNewRetention);
    }

    [Fact]
    public async Task UpdateEscalation_EarlierExpiry_ShortensTheRetention()
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromHours(12));
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending, TimeSpan.FromMinutes(15));
        var cut = pending with { ExpiresAt = Now + TimeSpan.FromMinutes(1) };
        Assert.Equal(EscalationWrite.Written, await Store.UpdateEscalationAsync(cut, null, null, Ct));

        Time.Set(cut.ExpiresAt + StoreRetention.Escalation);

        Assert.Null(await Store.GetEscalationAsync(pending.Id, Ct));
        Assert.Empty(await Store.ListEscalationsAsync(null, false, 10, Ct));
    }
}
