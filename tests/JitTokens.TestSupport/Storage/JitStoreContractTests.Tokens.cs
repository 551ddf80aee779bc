namespace JitTokens.TestSupport.Storage;

public abstract partial class JitStoreContractTests
{
    /// <summary>The session states in which nothing may be recorded for a session.</summary>
    public static TheoryData<string> DeadSessionStates => ["unknown", "expired", "ended"];

    [Fact]
    public async Task AddToken_LiveSession_StoresTheTokenUnrevoked()
    {
        var session = await StartSessionAsync();
        var token = StoreRecords.Token(session, Now);

        var added = await Store.AddTokenAsync(token with { RevokedAt = Now }, Ct);

        Assert.True(added);
        AssertSameRecord(token, await Store.GetTokenAsync(token.Id, Ct));
    }

    [Theory]
    [MemberData(nameof(DeadSessionStates))]
    public async Task AddToken_SessionNotLive_ReturnsFalseAndStoresNothing(string state)
    {
        var session = await DeadSessionAsync(state);
        var token = StoreRecords.Token(session, Now);

        var added = await Store.AddTokenAsync(token, Ct);

        Assert.False(added);
        Assert.Null(await Store.GetTokenAsync(token.Id, Ct));
    }

    [Fact]
    public async Task GetToken_UnknownId_ReturnsNull()
    {
        Assert.Null(await Store.GetTokenAsync("tok_unknown", Ct));
    }

    [Fact]
    public async Task GetToken_JustBeforeExpiry_ReturnsItAndAtExpiry_ReturnsNull()
    {
        var session = await StartSessionAsync();
        var token = await AddTokenAsync(session, TimeSpan.FromMinutes(5));

        Time.Set(token.ExpiresAt - TimeSpan.FromTicks(1));
        var before = await Store.GetTokenAsync(token.Id, Ct);
        Time.Set(token.ExpiresAt);
        var at = await Store.GetTokenAsync(token.Id, Ct);

        Assert.NotNull(before);
        Assert.Null(at);
    }

    [Fact]
    public async Task RevokeToken_LiveToken_ReturnsTrueAndRecordsTheExactTime()
    {
        var session = await StartSessionAsync();
        var token = await AddTokenAsync(session);
        var revokedAt = Now + TimeSpan.FromTicks(5_000_001);

        var revoked = await Store.RevokeTokenAsync(token.Id, revokedAt, Ct);

        Assert.True(revoked);
        AssertSameRecord(token with { RevokedAt = revokedAt }, await Store.GetTokenAsync(token.Id, Ct));
    }

    [Fact]
    public async Task RevokeToken_AlreadyRevoked_ReturnsFalseAndKeepsTheFirstTime()
    {
        var session = await StartSessionAsync();
        var token = await AddTokenAsync(session);
        var first = Now;
        await Store.RevokeTokenAsync(token.Id, first, Ct);

        var again = await Store.RevokeTokenAsync(token.Id, first.AddMinutes(1), Ct);

        Assert.False(again);
        Assert.Equal(first, (await Store.GetTokenAsync(token.Id, Ct))?.RevokedAt);
    }

    [Fact]
    public async Task RevokeToken_UnknownId_ReturnsFalse()
    {
        Assert.False(await Store.RevokeTokenAsync("tok_unknown", Now, Ct));
    }

    [Fact]
    public async Task RevokeToken_Expired_ReturnsFalse()
    {
        var session = await StartSessionAsync();
        var token = await AddTokenAsync(session, TimeSpan.FromMinutes(5));
        Time.Set(token.ExpiresAt);

        var revoked = await Store.RevokeTokenAsync(token.Id, Now, Ct);

        Assert.False(revoked);
    }

    [Fact]
    public async Task RevokeToken_LeavesTheSessionsOtherTokensAlone()
    {
        var session = await StartSessionAsync();
        var revoked = await AddTokenAsync(session);
        var other = await AddTokenAsync(session);

        await Store.RevokeTokenAsync(revoked.Id, Now, Ct);

        Assert.Null((await Store.GetTokenAsync(other.Id, Ct))?.RevokedAt);
        Assert.NotNull(await Store.GetTokenAsync(other.Id, Ct));
    }

    /// <summary>A session that is unknown to the store, expired, or ended, per <paramref name="state"/>.</summary>
    internal async Task<Core.Sessions.SessionRecord> DeadSessionAsync(string state)
    {
        switch (state)
        {
            case "unknown":
                return StoreRecords.Session(Now);
            case "expired":
                var expired = await StartSessionAsync(ttl: TimeSpan.FromMinutes(30));
                Time.Set(expired.ExpiresAt);
                return expired;
            case "ended":
                var ended = await StartSessionAsync();
                await Store.EndSessionAsync(ended.Id, Now, Ct);
                return ended;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, "unknown, expired or ended");
        }
    }
}
