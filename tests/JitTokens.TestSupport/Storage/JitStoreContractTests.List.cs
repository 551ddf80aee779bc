namespace JitTokens.TestSupport.Storage;

public abstract partial class JitStoreContractTests
{
    [Fact]
    public async Task ListSessions_ReturnsNewestFirst()
    {
        var oldest = await StartSessionAsync(createdAt: Now - TimeSpan.FromMinutes(30));
        var newest = await StartSessionAsync(createdAt: Now);
        var middle = await StartSessionAsync(createdAt: Now - TimeSpan.FromMinutes(10));

        var list = await Store.ListSessionsAsync(null, false, 10, Ct);

        Assert.Equal([newest.Id, middle.Id, oldest.Id], list.Select(s => s.Id));
    }

    [Fact]
    public async Task ListSessions_SameCreatedAt_OrdersByIdOrdinal()
    {
        var at = Now;
        var ids = new List<string>();
        foreach (var id in new[] { "ses_b", "ses_B", "ses_a", "ses_-", "ses_a0" })
        {
            var session = StoreRecords.Session(at, id: id);
            await Store.CreateSessionAsync(session, HashOf(session), Ct);
            ids.Add(id);
        }

        var list = await Store.ListSessionsAsync(null, false, 10, Ct);

        Assert.Equal(ids.Order(StringComparer.Ordinal), list.Select(s => s.Id));
    }

    [Fact]
    public async Task ListSessions_CreatedWithinOneMillisecond_OrdersByExactTime()
    {
        var first = await StartSessionAsync(createdAt: Now);
        var second = await StartSessionAsync(createdAt: Now + TimeSpan.FromTicks(1));
        var third = await StartSessionAsync(createdAt: Now + TimeSpan.FromTicks(2));

        var top = await Store.ListSessionsAsync(null, false, 1, Ct);
        var all = await Store.ListSessionsAsync(null, false, 10, Ct);

        Assert.Equal([third.Id], top.Select(s => s.Id));
        Assert.Equal([third.Id, second.Id, first.Id], all.Select(s => s.Id));
    }

    [Fact]
    public async Task ListSessions_Limit_ReturnsOnlyTheNewest()
    {
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await StartSessionAsync(createdAt: Now + TimeSpan.FromSeconds(i))).Id);
        }

        var list = await Store.ListSessionsAsync(null, false, 2, Ct);

        Assert.Equal([created[4], created[3]], list.Select(s => s.Id));
    }

    [Fact]
    public async Task ListSessions_Owner_ReturnsOnlyThatOwnersSessions()
    {
        var alices = await StartSessionAsync(owner: "alice");
        await StartSessionAsync(owner: "bob");
        await StartSessionAsync(owner: "alice2");

        var list = await Store.ListSessionsAsync("alice", false, 10, Ct);

        Assert.Equal([alices.Id], list.Select(s => s.Id));
    }

    [Fact]
    public async Task ListSessions_NoOwner_ReturnsEveryOwnersSessions()
    {
        var alices = await StartSessionAsync(owner: "alice", createdAt: Now);
        var bobs = await StartSessionAsync(owner: "bob", createdAt: Now + TimeSpan.FromSeconds(1));

        var list = await Store.ListSessionsAsync(null, false, 10, Ct);

        Assert.Equal([bobs.Id, alices.Id], list.Select(s => s.Id));
    }

    [Fact]
    public async Task ListSessions_ActiveOnly_DropsEndedSessionsButAllKeepsThem()
    {
        var live = await StartSessionAsync(createdAt: Now);
        var ended = await StartSessionAsync(createdAt: Now + TimeSpan.FromSeconds(1));
        await Store.EndSessionAsync(ended.Id, Now, Ct);

        var active = await Store.ListSessionsAsync(null, true, 10, Ct);
        var all = await Store.ListSessionsAsync(null, false, 10, Ct);

        Assert.Equal([live.Id], active.Select(s => s.Id));
        Assert.Equal([ended.Id, live.Id], all.Select(s => s.Id));
        Assert.Equal(Now, all[0].EndedAt);
        Assert.Null(all[1].EndedAt);
    }

    [Fact]
    public async Task ListSessions_ActiveOnlyWithLimit_FillsTheLimitPastEndedSessions()
    {
        var older = await StartSessionAsync(createdAt: Now);
        var ended = await StartSessionAsync(createdAt: Now + TimeSpan.FromSeconds(1));
        await Store.EndSessionAsync(ended.Id, Now, Ct);

        var list = await Store.ListSessionsAsync(null, true, 1, Ct);

        Assert.Equal([older.Id], list.Select(s => s.Id));
    }

    [Fact]
    public async Task ListSessions_LeavesOutExpiredSessions()
    {
        var shortLived = await StartSessionAsync(ttl: TimeSpan.FromMinutes(5), createdAt: Now + TimeSpan.FromSeconds(1));
        var longLived = await StartSessionAsync(ttl: TimeSpan.FromHours(2));

        Time.Advance(TimeSpan.FromMinutes(6));

        var list = await Store.ListSessionsAsync(null, false, 10, Ct);
        Assert.Equal([longLived.Id], list.Select(s => s.Id));
        Assert.DoesNotContain(shortLived.Id, list.Select(s => s.Id));
    }

    [Fact]
    public async Task ListSessions_ReturnsCompleteRecords()
    {
        var session = await StartSessionAsync();

        var list = await Store.ListSessionsAsync("alice", false, 10, Ct);

        AssertSameRecord(session, Assert.Single(list));
    }

    [Fact]
    public async Task ListSessions_EmptyStore_ReturnsEmpty()
    {
        Assert.Empty(await Store.ListSessionsAsync(null, false, 10, Ct));
        Assert.Empty(await Store.ListSessionsAsync("alice", true, 10, Ct));
    }
}
