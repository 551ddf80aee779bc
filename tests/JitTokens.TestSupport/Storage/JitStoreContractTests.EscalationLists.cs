using JitTokens.Abstractions.Wire;
using JitTokens.Core.Escalations;
using JitTokens.Core.Sessions;
using JitTokens.Core.Storage;

namespace JitTokens.TestSupport.Storage;

public abstract partial class JitStoreContractTests
{
    [Fact]
    public async Task ListEscalations_ReturnsNewestFirst()
    {
        var session = await StartSessionAsync();
        var oldest = await AddEscalationAtAsync(session, Now - TimeSpan.FromMinutes(10));
        var newest = await AddEscalationAtAsync(session, Now);
        var middle = await AddEscalationAtAsync(session, Now - TimeSpan.FromMinutes(5));

        var all = await Store.ListEscalationsAsync(null, false, 10, Ct);
        var ofSession = await Store.ListEscalationsAsync(session.Id, false, 10, Ct);

        Assert.Equal([newest.Id, middle.Id, oldest.Id], all.Select(e => e.Id));
        Assert.Equal([newest.Id, middle.Id, oldest.Id], ofSession.Select(e => e.Id));
    }

    [Fact]
    public async Task ListEscalations_SameCreatedAt_OrdersByIdOrdinal()
    {
        var session = await StartSessionAsync();
        var ids = new[] { "esc_b", "esc_B", "esc_a", "esc_-", "esc_a0" };
        foreach (var id in ids)
        {
            Assert.True(await Store.AddEscalationAsync(StoreRecords.Escalation(session, Now, id: id), null, Ct));
        }

        var all = await Store.ListEscalationsAsync(null, false, 10, Ct);
        var ofSession = await Store.ListEscalationsAsync(session.Id, false, 10, Ct);

        Assert.Equal(ids.Order(StringComparer.Ordinal), all.Select(e => e.Id));
        Assert.Equal(ids.Order(StringComparer.Ordinal), ofSession.Select(e => e.Id));
    }

    [Fact]
    public async Task ListEscalations_CreatedWithinOneMillisecond_OrdersByExactTime()
    {
        var session = await StartSessionAsync();
        var first = await AddEscalationAtAsync(session, Now);
        var second = await AddEscalationAtAsync(session, Now + TimeSpan.FromTicks(1));
        var third = await AddEscalationAtAsync(session, Now + TimeSpan.FromTicks(2));

        var top = await Store.ListEscalationsAsync(null, false, 1, Ct);
        var all = await Store.ListEscalationsAsync(null, false, 10, Ct);

        Assert.Equal([third.Id], top.Select(e => e.Id));
        Assert.Equal([third.Id, second.Id, first.Id], all.Select(e => e.Id));
    }

    [Fact]
    public async Task ListEscalations_Limit_ReturnsOnlyTheNewest()
    {
        var session = await StartSessionAsync();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await AddEscalationAtAsync(session, Now + TimeSpan.FromSeconds(i))).Id);
        }

        Assert.Equal([created[4], created[3]], (await Store.ListEscalationsAsync(null, false, 2, Ct)).Select(e => e.Id));
        Assert.Equal([created[4], created[3]], (await Store.ListEscalationsAsync(session.Id, false, 2, Ct)).Select(e => e.Id));
        Assert.Empty(await Store.ListEscalationsAsync(null, false, 0, Ct));
    }

    [Fact]
    public async Task ListEscalations_Session_ReturnsOnlyThatSessionsAndNoSessionReturnsAll()
    {
        var mine = await StartSessionAsync();
        var other = await StartSessionAsync(owner: "bob");
        var a = await AddEscalationAtAsync(mine, Now);
        var b = await AddEscalationAtAsync(other, Now + TimeSpan.FromSeconds(1));

        Assert.Equal([a.Id], (await Store.ListEscalationsAsync(mine.Id, false, 10, Ct)).Select(e => e.Id));
        Assert.Equal([b.Id, a.Id], (await Store.ListEscalationsAsync(null, false, 10, Ct)).Select(e => e.Id));
        Assert.Empty(await Store.ListEscalationsAsync("ses_unknown", false, 10, Ct));
    }

    [Fact]
    public async Task ListEscalations_UndecidedOnly_KeepsPendingThatHaveNotExpired()
    {
        var session = await StartSessionAsync();
        var live = await AddEscalationAsync(session, EscalationStatuses.Pending, TimeSpan.FromMinutes(15));
        var lapsed = await AddEscalationAsync(session, EscalationStatuses.Pending, TimeSpan.FromMinutes(5));
        var approved = await AddEscalationAsync(session, EscalationStatuses.Approved, TimeSpan.FromMinutes(15));
        var denied = await AddEscalationAsync(session, EscalationStatuses.Denied, TimeSpan.FromMinutes(15));
        Time.Advance(TimeSpan.FromMinutes(5)); // exactly the lapsed one's expiry

        var undecided = await Store.ListEscalationsAsync(null, true, 10, Ct);
        var undecidedOfSession = await Store.ListEscalationsAsync(session.Id, true, 10, Ct);
        var all = await Store.ListEscalationsAsync(null, false, 10, Ct);

        Assert.Equal([live.Id], undecided.Select(e => e.Id));
        Assert.Equal([live.Id], undecidedOfSession.Select(e => e.Id));
        Assert.Equal(new[] { live.Id, lapsed.Id, approved.Id, denied.Id }.Order(StringComparer.Ordinal), all.Select(e => e.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListEscalations_UndecidedOnly_JudgesTheStoredStatus()
    {
        var session = await StartSessionAsync();
        var cancelled = await AddEscalationAsync(session, EscalationStatuses.Pending);
        var decided = await AddEscalationAsync(session, EscalationStatuses.Pending);
        Assert.Equal(EscalationWrite.Written, await Store.UpdateEscalationAsync(StoreRecords.Approved(decided, Now), null, null, Ct));
        var other = await StartSessionAsync();
        var stillPending = await AddEscalationAsync(other, EscalationStatuses.Pending);
        await Store.EndSessionAsync(session.Id, Now, Ct);

        var undecided = await Store.ListEscalationsAsync(null, true, 10, Ct);
        var all = await Store.ListEscalationsAsync(null, false, 10, Ct);

        Assert.Equal([stillPending.Id], undecided.Select(e => e.Id));
        Assert.Equal(EscalationStatuses.Cancelled, all.Single(e => e.Id == cancelled.Id).Status);
        Assert.Equal(2, all.Single(e => e.Id == cancelled.Id).Version);
    }

    [Fact]
    public async Task ListEscalations_ReturnsCompleteRecordsWithTheirVersion()
    {
        var session = await StartSessionAsync();
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending);
        var approved = StoreRecords.Approved(pending, Now);
        Assert.Equal(EscalationWrite.Written, await Store.UpdateEscalationAsync(approved, null, null, Ct));

        AssertSameRecord(approved with { Version = 2 }, Assert.Single(await Store.ListEscalationsAsync(null, false, 10, Ct)));
        AssertSameRecord(approved with { Version = 2 }, Assert.Single(await Store.ListEscalationsAsync(session.Id, false, 10, Ct)));
    }

    [Fact]
    public async Task ListEscalations_LeavesOutEscalationsPastRetention()
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromHours(12));
        var shortLived = await AddEscalationAsync(session, EscalationStatuses.Pending, TimeSpan.FromMinutes(5));
        var longLived = await AddEscalationAsync(session, EscalationStatuses.Pending, TimeSpan.FromMinutes(15));

        Time.Set(shortLived.ExpiresAt + StoreRetention.Escalation);

        Assert.Equal([longLived.Id], (await Store.ListEscalationsAsync(null, false, 10, Ct)).Select(e => e.Id));
        Assert.Equal([longLived.Id], (await Store.ListEscalationsAsync(session.Id, false, 10, Ct)).Select(e => e.Id));
    }

    /// <summary>An escalation stays readable for its retention after its session is gone: by id, and in its session's list.</summary>
    [Fact]
    public async Task ListEscalations_Session_OutlivesTheSession()
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromMinutes(10));
        var escalation = await AddEscalationAsync(session, EscalationStatuses.Pending, TimeSpan.FromMinutes(10));
        Time.Set(session.ExpiresAt + TimeSpan.FromMinutes(30));
        await StartSessionAsync(); // writes give a store the chance to clean up

        AssertSameRecord(escalation, await Store.GetEscalationAsync(escalation.Id, Ct));
        Assert.Equal([escalation.Id], (await Store.ListEscalationsAsync(session.Id, false, 10, Ct)).Select(e => e.Id));
        Assert.Equal([escalation.Id], (await Store.ListEscalationsAsync(null, false, 10, Ct)).Select(e => e.Id));
    }

    [Fact]
    public async Task ListEscalations_EmptyStore_ReturnsEmpty()
    {
        Assert.Empty(await Store.ListEscalationsAsync(null, false, 10, Ct));
        Assert.Empty(await Store.ListEscalationsAsync("ses_unknown", true, 10, Ct));
    }

    private async Task<EscalationRecord> AddEscalationAtAsync(SessionRecord session, DateTimeOffset createdAt)
    {
        var escalation = StoreRecords.Escalation(session, createdAt);
        Assert.True(await Store.AddEscalationAsync(escalation, null, Ct), "the session is live, so the escalation must be accepted");
        return escalation;
    }
}
