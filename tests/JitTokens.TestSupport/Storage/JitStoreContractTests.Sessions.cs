namespace JitTokens.TestSupport.Storage;

public abstract partial class JitStoreContractTests
{
    [Fact]
    public async Task CreateSession_ThenGet_ReturnsTheSameRecordNotEnded()
    {
        var session = StoreRecords.Session(Now);

        await Store.CreateSessionAsync(session with { EndedAt = Now }, HashOf(session), Ct);

        AssertSameRecord(session, await Store.GetSessionAsync(session.Id, Ct));
    }

    [Fact]
    public async Task FindSessionByTokenHash_KnownHash_ReturnsTheSession()
    {
        var session = await StartSessionAsync();

        var found = await Store.FindSessionByTokenHashAsync(HashOf(session), Ct);

        AssertSameRecord(session, found);
    }

    [Fact]
    public async Task FindSessionByTokenHash_UnknownHash_ReturnsNull()
    {
        await StartSessionAsync();

        Assert.Null(await Store.FindSessionByTokenHashAsync("hash-nobody", Ct));
    }

    [Fact]
    public async Task GetSession_UnknownId_ReturnsNull()
    {
        await StartSessionAsync();

        Assert.Null(await Store.GetSessionAsync("ses_unknown", Ct));
    }

    [Fact]
    public async Task GetSession_JustBeforeExpiry_ReturnsIt()
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromHours(1));

        Time.Set(session.ExpiresAt - TimeSpan.FromTicks(1));

        Assert.NotNull(await Store.GetSessionAsync(session.Id, Ct));
        Assert.NotNull(await Store.FindSessionByTokenHashAsync(HashOf(session), Ct));
    }

    [Fact]
    public async Task GetSession_AtExpiry_ReturnsNullByIdAndByHash()
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromHours(1));

        Time.Set(session.ExpiresAt);

        Assert.Null(await Store.GetSessionAsync(session.Id, Ct));
        Assert.Null(await Store.FindSessionByTokenHashAsync(HashOf(session), Ct));
    }

    [Fact]
    public async Task FindSessionByTokenHash_EndedSession_ReturnsItWithTheExactEndTime()
    {
        var session = await StartSessionAsync();
        var endedAt = Now + TimeSpan.FromTicks(1_234_567); // not a whole millisecond on purpose

        await Store.EndSessionAsync(session.Id, endedAt, Ct);

        var found = await Store.FindSessionByTokenHashAsync(HashOf(session), Ct);
        AssertSameRecord(session with { EndedAt = endedAt }, found);
        AssertSameRecord(session with { EndedAt = endedAt }, await Store.GetSessionAsync(session.Id, Ct));
    }

    [Fact]
    public async Task Lookups_WithIdsOfAnotherKind_ReturnNull()
    {
        var session = await StartSessionAsync();
        var token = await AddTokenAsync(session);
        var escalation = await AddEscalationAsync(session, "pending");

        Assert.Null(await Store.GetSessionAsync(token.Id, Ct));
        Assert.Null(await Store.GetSessionAsync(session.Id + ":tok", Ct));
        Assert.Null(await Store.GetSessionAsync("", Ct));
        Assert.Null(await Store.GetTokenAsync(session.Id, Ct));
        Assert.Null(await Store.GetTokenAsync(escalation.Id, Ct));
        Assert.Null(await Store.GetEscalationAsync(token.Id, Ct));
        Assert.Null(await Store.FindSessionByTokenHashAsync(session.Id, Ct));
        Assert.False(await Store.RevokeTokenAsync(escalation.Id, Now, Ct));
    }

    [Fact]
    public async Task CheckWritable_StoreUp_DoesNotThrow()
    {
        var exception = await Record.ExceptionAsync(() => Store.CheckWritableAsync(Ct));

        Assert.Null(exception);
    }

    [Theory]
    [InlineData(2020)]
    [InlineData(2040)]
    public async Task Expiry_IsJudgedByTheInjectedClockNotTheSystemClock(int year)
    {
        // 2020 is long past and 2040 far ahead of the system clock: a store that looked at the system
        // clock would call the session dead at once in the first case, and never dead in the second.
        Time.Set(new DateTimeOffset(year, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var session = await StartSessionAsync(ttl: TimeSpan.FromMinutes(10));
        Assert.NotNull(await Store.GetSessionAsync(session.Id, Ct));

        Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Null(await Store.GetSessionAsync(session.Id, Ct));
    }
}
