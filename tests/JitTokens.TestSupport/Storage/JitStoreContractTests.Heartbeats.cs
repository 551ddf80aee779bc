namespace JitTokens.TestSupport.Storage;

/// <summary>The heartbeat dead-man switch of sessions (jit run --heartbeat), the same on every store.</summary>
public abstract partial class JitStoreContractTests
{
    [Fact]
    public async Task Heartbeat_LapsedDeadline_IsListed_SoonestFirst_AndAMovedOneIsNot()
    {
        var first = await StartSessionAsync();
        var second = await StartSessionAsync();
        var moved = await StartSessionAsync();
        Assert.True(await Store.SetHeartbeatDeadlineAsync(second.Id, Now + TimeSpan.FromSeconds(20), Ct));
        Assert.True(await Store.SetHeartbeatDeadlineAsync(first.Id, Now + TimeSpan.FromSeconds(10), Ct));
        Assert.True(await Store.SetHeartbeatDeadlineAsync(moved.Id, Now + TimeSpan.FromSeconds(10), Ct));
        Assert.True(await Store.SetHeartbeatDeadlineAsync(moved.Id, Now + TimeSpan.FromMinutes(5), Ct));

        Assert.Empty(await Store.ListLapsedSessionsAsync(Now + TimeSpan.FromSeconds(9), 10, Ct));
        Assert.Equal([first.Id, second.Id], await Store.ListLapsedSessionsAsync(Now + TimeSpan.FromSeconds(30), 10, Ct));
        Assert.Equal([first.Id], await Store.ListLapsedSessionsAsync(Now + TimeSpan.FromSeconds(30), 1, Ct));
    }

    [Fact]
    public async Task Heartbeat_EndedOrUnknownSession_IsRefused_AndAnEndedOneIsNoLongerListed()
    {
        var session = await StartSessionAsync();
        Assert.True(await Store.SetHeartbeatDeadlineAsync(session.Id, Now + TimeSpan.FromSeconds(10), Ct));
        await Store.EndSessionAsync(session.Id, Now, Ct);

        Assert.Empty(await Store.ListLapsedSessionsAsync(Now + TimeSpan.FromMinutes(1), 10, Ct));
        Assert.False(await Store.SetHeartbeatDeadlineAsync(session.Id, Now + TimeSpan.FromSeconds(10), Ct));
        Assert.False(await Store.SetHeartbeatDeadlineAsync("ses_unknown", Now + TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task Heartbeat_ExpiredSession_IsNotListed()
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromMinutes(30));
        Assert.True(await Store.SetHeartbeatDeadlineAsync(session.Id, Now + TimeSpan.FromMinutes(1), Ct));
        Time.Set(session.ExpiresAt);

        Assert.Empty(await Store.ListLapsedSessionsAsync(Now, 10, Ct));
    }
}
