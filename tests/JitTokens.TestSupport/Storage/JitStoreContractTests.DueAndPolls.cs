using JitTokens.Abstractions.Wire;
using JitTokens.Core.Storage;

namespace JitTokens.TestSupport.Storage;

public abstract partial class JitStoreContractTests
{
    [Fact]
    public async Task ListDueEscalations_ListsPendingAndApprovedAtOrPastExpiry_SoonestFirst()
    {
        var session = await StartSessionAsync();
        var start = Now;
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending, TimeSpan.FromMinutes(5));
        var approved = await AddEscalationAsync(session, EscalationStatuses.Approved, TimeSpan.FromMinutes(3));
        var exactlyNow = await AddEscalationAsync(session, EscalationStatuses.Pending, TimeSpan.FromMinutes(6));
        await AddEscalationAsync(session, EscalationStatuses.Pending, TimeSpan.FromMinutes(6) + TimeSpan.FromTicks(1));
        await AddEscalationAsync(session, EscalationStatuses.Denied, TimeSpan.FromMinutes(1));
        await AddEscalationAsync(session, EscalationStatuses.Redeemed, TimeSpan.FromMinutes(1));
        await AddEscalationAsync(session, EscalationStatuses.Expired, TimeSpan.FromMinutes(1));

        var due = await Store.ListDueEscalationsAsync(start + TimeSpan.FromMinutes(6), 10, Ct);

        Assert.Equal([approved.Id, pending.Id, exactlyNow.Id], due);
    }

    [Fact]
    public async Task ListDueEscalations_SameExpiry_OrdersByIdOrdinal_AndHonoursTheLimit()
    {
        var session = await StartSessionAsync();
        var ids = new[] { "esc_b", "esc_B", "esc_a", "esc_-", "esc_a0" };
        foreach (var id in ids)
        {
            Assert.True(await Store.AddEscalationAsync(StoreRecords.Escalation(session, Now, id: id), null, Ct));
        }

        var later = Now + TimeSpan.FromMinutes(15);
        Assert.Equal(ids.Order(StringComparer.Ordinal), await Store.ListDueEscalationsAsync(later, 10, Ct));
        Assert.Equal(ids.Order(StringComparer.Ordinal).Take(2), await Store.ListDueEscalationsAsync(later, 2, Ct));
        Assert.Empty(await Store.ListDueEscalationsAsync(later, 0, Ct));
    }

    [Fact]
    public async Task ListDueEscalations_LeavesOutDecidedAndCancelled()
    {
        var session = await StartSessionAsync();
        var decided = await AddEscalationAsync(session, EscalationStatuses.Pending, TimeSpan.FromMinutes(5));
        var other = await StartSessionAsync();
        var cancelled = await AddEscalationAsync(other, EscalationStatuses.Approved, TimeSpan.FromMinutes(5));
        var stays = await AddEscalationAsync(session, EscalationStatuses.Pending, TimeSpan.FromMinutes(5));
        Assert.Equal(EscalationWrite.Written, await Store.UpdateEscalationAsync(decided with { Status = EscalationStatuses.Denied, DecidedBy = "bob" }, null, null, Ct));
        await Store.EndSessionAsync(other.Id, Now, Ct);

        var due = await Store.ListDueEscalationsAsync(Now + TimeSpan.FromMinutes(10), 10, Ct);

        Assert.Equal([stays.Id], due);
        Assert.DoesNotContain(cancelled.Id, due);
    }

    [Fact]
    public async Task ListDueEscalations_FollowsAnExpiryMovedByAnUpdate()
    {
        var session = await StartSessionAsync();
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending, TimeSpan.FromMinutes(5));
        var approved = StoreRecords.Approved(pending, Now + TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.Equal(EscalationWrite.Written, await Store.UpdateEscalationAsync(approved, null, null, Ct));

        var atOldExpiry = await Store.ListDueEscalationsAsync(pending.ExpiresAt, 10, Ct);
        var justBeforeNew = await Store.ListDueEscalationsAsync(approved.ExpiresAt - TimeSpan.FromTicks(1), 10, Ct);
        var atNewExpiry = await Store.ListDueEscalationsAsync(approved.ExpiresAt, 10, Ct);

        Assert.Empty(atOldExpiry);
        Assert.Empty(justBeforeNew);
        Assert.Equal([pending.Id], atNewExpiry);
    }

    [Fact]
    public async Task ListDueEscalations_LeavesOutEscalationsPastRetention()
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromHours(12));
        var old = await AddEscalationAsync(session, EscalationStatuses.Pending, TimeSpan.FromMinutes(5));
        var recent = await AddEscalationAsync(session, EscalationStatuses.Pending, TimeSpan.FromMinutes(15));
        var at = old.ExpiresAt + StoreRetention.Escalation;
        Time.Set(at);

        Assert.Equal([recent.Id], await Store.ListDueEscalationsAsync(at, 10, Ct));
    }

    [Fact]
    public async Task RecordEscalationPoll_ReturnsThePreviousPoll()
    {
        var session = await StartSessionAsync();
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending);
        var first = Now + TimeSpan.FromTicks(3);
        var second = first + TimeSpan.FromSeconds(2);

        var beforeFirst = await Store.RecordEscalationPollAsync(pending.Id, first, Ct);
        var beforeSecond = await Store.RecordEscalationPollAsync(pending.Id, second, Ct);
        var beforeThird = await Store.RecordEscalationPollAsync(pending.Id, second + TimeSpan.FromSeconds(1), Ct);

        Assert.Null(beforeFirst);
        Assert.Equal(first, beforeSecond);
        Assert.Equal(second, beforeThird);
    }

    [Fact]
    public async Task RecordEscalationPoll_LeavesTheVersionAlone()
    {
        var session = await StartSessionAsync();
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending);

        await Store.RecordEscalationPollAsync(pending.Id, Now, Ct);

        AssertSameRecord(pending, await Store.GetEscalationAsync(pending.Id, Ct));
        Assert.Equal(EscalationWrite.Written, await Store.UpdateEscalationAsync(StoreRecords.Approved(pending, Now), null, null, Ct));
    }

    [Fact]
    public async Task RecordEscalationPoll_UnknownOrPastRetention_ReturnsNullAndRemembersNothing()
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromHours(12));
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending);
        Time.Set(pending.ExpiresAt + StoreRetention.Escalation);

        Assert.Null(await Store.RecordEscalationPollAsync("esc_unknown", Now, Ct));
        Assert.Null(await Store.RecordEscalationPollAsync("esc_unknown", Now, Ct));
        Assert.Null(await Store.RecordEscalationPollAsync(pending.Id, Now, Ct));
        Assert.Null(await Store.RecordEscalationPollAsync(pending.Id, Now, Ct));
    }
}
