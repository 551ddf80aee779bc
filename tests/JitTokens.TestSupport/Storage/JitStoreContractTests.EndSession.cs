using JitTokens.Abstractions.Wire;

namespace JitTokens.TestSupport.Storage;

public abstract partial class JitStoreContractTests
{
    [Fact]
    public async Task EndSession_UnknownId_ReturnsNotFound()
    {
        var result = await Store.EndSessionAsync("ses_unknown", Now, Ct);

        Assert.Null(result.Session);
        Assert.False(result.AlreadyEnded);
        Assert.Empty(result.RevokedTokenIds);
        Assert.Empty(result.CancelledEscalationIds);
    }

    [Fact]
    public async Task EndSession_Expired_ReturnsNotFound()
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromMinutes(30));
        Time.Set(session.ExpiresAt);

        var result = await Store.EndSessionAsync(session.Id, Now, Ct);

        Assert.Null(result.Session);
    }

    [Fact]
    public async Task EndSession_Live_ReturnsTheEndedSessionAndEndsItForEveryLookup()
    {
        var session = await StartSessionAsync();
        var at = Now + TimeSpan.FromTicks(42);

        var result = await Store.EndSessionAsync(session.Id, at, Ct);

        Assert.False(result.AlreadyEnded);
        AssertSameRecord(session with { EndedAt = at }, result.Session);
        Assert.Equal(at, (await Store.GetSessionAsync(session.Id, Ct))?.EndedAt);
        Assert.Equal(at, (await Store.FindSessionByTokenHashAsync(HashOf(session), Ct))?.EndedAt);
    }

    [Fact]
    public async Task EndSession_RevokesEveryUnexpiredUnrevokedTokenOfTheSession()
    {
        var session = await StartSessionAsync();
        var live1 = await AddTokenAsync(session, TimeSpan.FromMinutes(30));
        var live2 = await AddTokenAsync(session, TimeSpan.FromMinutes(30));
        var revokedBefore = await AddTokenAsync(session, TimeSpan.FromMinutes(30));
        var expired = await AddTokenAsync(session, TimeSpan.FromMinutes(5));
        var firstRevocation = Now;
        await Store.RevokeTokenAsync(revokedBefore.Id, firstRevocation, Ct);
        Time.Advance(TimeSpan.FromMinutes(10));
        var at = Now;

        var result = await Store.EndSessionAsync(session.Id, at, Ct);

        Assert.Equal(new[] { live1.Id, live2.Id }.Order(StringComparer.Ordinal), result.RevokedTokenIds.Order(StringComparer.Ordinal));
        Assert.Equal(at, (await Store.GetTokenAsync(live1.Id, Ct))?.RevokedAt);
        Assert.Equal(at, (await Store.GetTokenAsync(live2.Id, Ct))?.RevokedAt);
        Assert.Equal(firstRevocation, (await Store.GetTokenAsync(revokedBefore.Id, Ct))?.RevokedAt);
        Assert.Null(await Store.GetTokenAsync(expired.Id, Ct));
    }

    [Fact]
    public async Task EndSession_CancelsPendingAndApprovedEscalationsThatHaveNotExpired()
    {
        var session = await StartSessionAsync();
        var pending = await AddEscalationAsync(session, EscalationStatuses.Pending);
        var approved = await AddEscalationAsync(session, EscalationStatuses.Approved);
        var denied = await AddEscalationAsync(session, EscalationStatuses.Denied);
        var redeemed = await AddEscalationAsync(session, EscalationStatuses.Redeemed);
        var lapsed = await AddEscalationAsync(session, EscalationStatuses.Pending, TimeSpan.FromMinutes(5));
        Time.Advance(TimeSpan.FromMinutes(5)); // exactly the lapsed one's expiry: not after it, so it stays
        var at = Now;

        var result = await Store.EndSessionAsync(session.Id, at, Ct);

        Assert.Equal(new[] { pending.Id, approved.Id }.Order(StringComparer.Ordinal), result.CancelledEscalationIds.Order(StringComparer.Ordinal));
        Assert.Equal(EscalationStatuses.Cancelled, (await Store.GetEscalationAsync(pending.Id, Ct))?.Status);
        Assert.Equal(EscalationStatuses.Cancelled, (await Store.GetEscalationAsync(approved.Id, Ct))?.Status);
        AssertSameRecord(denied, await Store.GetEscalationAsync(denied.Id, Ct));
        AssertSameRecord(redeemed, await Store.GetEscalationAsync(redeemed.Id, Ct));
        AssertSameRecord(lapsed, await Store.GetEscalationAsync(lapsed.Id, Ct));
    }

    [Fact]
    public async Task EndSession_CancelledEscalation_KeepsEverythingButItsStatusAndTheNextVersion()
    {
        var session = await StartSessionAsync();
        var approved = await AddEscalationAsync(session, EscalationStatuses.Approved);

        await Store.EndSessionAsync(session.Id, Now, Ct);

        AssertSameRecord(approved with { Status = EscalationStatuses.Cancelled, Version = approved.Version + 1 }, await Store.GetEscalationAsync(approved.Id, Ct));
    }

    [Fact]
    public async Task EndSession_SecondCall_ReturnsAlreadyEndedWithEmptyListsAndTheFirstEndTime()
    {
        var session = await StartSessionAsync();
        await AddTokenAsync(session);
        await AddEscalationAsync(session, EscalationStatuses.Pending);
        var firstEnd = Now;
        await Store.EndSessionAsync(session.Id, firstEnd, Ct);

        var again = await Store.EndSessionAsync(session.Id, firstEnd.AddMinutes(1), Ct);

        Assert.True(again.AlreadyEnded);
        Assert.Empty(again.RevokedTokenIds);
        Assert.Empty(again.CancelledEscalationIds);
        AssertSameRecord(session with { EndedAt = firstEnd }, again.Session);
    }

    [Fact]
    public async Task EndSession_LeavesOtherSessionsTokensAndEscalationsAlone()
    {
        var ending = await StartSessionAsync();
        var other = await StartSessionAsync(owner: "alice");
        var otherToken = await AddTokenAsync(other);
        var otherEscalation = await AddEscalationAsync(other, EscalationStatuses.Pending);
        await AddTokenAsync(ending);

        var result = await Store.EndSessionAsync(ending.Id, Now, Ct);

        Assert.DoesNotContain(otherToken.Id, result.RevokedTokenIds);
        Assert.DoesNotContain(otherEscalation.Id, result.CancelledEscalationIds);
        AssertSameRecord(otherToken, await Store.GetTokenAsync(otherToken.Id, Ct));
        AssertSameRecord(otherEscalation, await Store.GetEscalationAsync(otherEscalation.Id, Ct));
        Assert.Null((await Store.GetSessionAsync(other.Id, Ct))?.EndedAt);
        Assert.True(await Store.AddTokenAsync(StoreRecords.Token(other, Now), Ct));
    }
}
