using JitTokens.Abstractions.Wire;
using JitTokens.Core.Revocations;

namespace JitTokens.TestSupport.Storage;

/// <summary>The revocation feed and single-use consumption (DESIGN.md §3.5), the same on every store.</summary>
public abstract partial class JitStoreContractTests
{
    [Fact]
    public async Task RevokeToken_AddsOneTokenEntry_UntilTheTokensExpiry()
    {
        var session = await StartSessionAsync();
        var token = await AddTokenAsync(session, TimeSpan.FromMinutes(30));
        var at = Now + TimeSpan.FromTicks(7);

        Assert.True(await Store.RevokeTokenAsync(token.Id, at, Ct));
        Assert.False(await Store.RevokeTokenAsync(token.Id, at, Ct));

        var item = Assert.Single(await ReadAllRevocationsAsync());
        Assert.Equal(RevocationKinds.Token, item.Kind);
        Assert.Equal(token.Id, item.Id);
        Assert.Equal(at, item.RevokedAt);
        Assert.Equal(token.ExpiresAt, item.ExpiresAt);
        Assert.True(RevocationCursor.TryParse(item.Cursor, out _), item.Cursor);
    }

    [Fact]
    public async Task RevokeToken_UnknownOrExpired_AddsNothing()
    {
        var session = await StartSessionAsync();
        var token = await AddTokenAsync(session, TimeSpan.FromMinutes(5));
        Time.Advance(TimeSpan.FromMinutes(5));

        Assert.False(await Store.RevokeTokenAsync(token.Id, Now, Ct));
        Assert.False(await Store.RevokeTokenAsync("tok_unknown", Now, Ct));

        Assert.Empty(await ReadAllRevocationsAsync());
    }

    [Fact]
    public async Task EndSession_AddsOneSessionEntry_UntilTheSessionsExpiry_OnlyOnTheFirstEnd()
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromHours(2));
        await AddTokenAsync(session, TimeSpan.FromMinutes(30));
        await AddTokenAsync(session, TimeSpan.FromMinutes(30));

        await Store.EndSessionAsync(session.Id, Now, Ct);
        await Store.EndSessionAsync(session.Id, Now, Ct);

        var item = Assert.Single(await ReadAllRevocationsAsync());
        Assert.Equal(RevocationKinds.Session, item.Kind);
        Assert.Equal(session.Id, item.Id);
        Assert.Equal(Now, item.RevokedAt);
        Assert.Equal(session.ExpiresAt, item.ExpiresAt);
    }

    [Fact]
    public async Task ReadRevocations_ReturnsWhatFollowsTheCursor_InOrder_AndHonoursTheLimit()
    {
        var session = await StartSessionAsync();
        var tokens = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var token = await AddTokenAsync(session, TimeSpan.FromMinutes(30));
            Assert.True(await Store.RevokeTokenAsync(token.Id, Now, Ct));
            tokens.Add(token.Id);
        }

        var all = await ReadAllRevocationsAsync();
        Assert.Equal(tokens, all.Select(r => r.Id));
        var cursors = all.Select(r => Parse(r.Cursor)).ToList();
        Assert.Equal(cursors.Order(), cursors);
        Assert.Equal(cursors.Count, cursors.Distinct().Count());

        var page = await Store.ReadRevocationsAsync(Parse(all[1].Cursor), 2, Ct);
        Assert.Equal(tokens[2..4], page.Items.Select(r => r.Id));
        Assert.Equal(Parse(all[3].Cursor), page.Next);
        var end = await Store.ReadRevocationsAsync(Parse(all[^1].Cursor), 10, Ct);
        Assert.Empty(end.Items);
        Assert.Equal(Parse(all[^1].Cursor), end.Next);
        Assert.Empty((await Store.ReadRevocationsAsync(RevocationCursor.Start, 0, Ct)).Items);
    }

    [Fact]
    public async Task ReadRevocations_ServesAnEntryUntilTheGraceAfterItsExpiry_ThenLeavesItOut()
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromHours(2));
        var shortLived = await AddTokenAsync(session, TimeSpan.FromMinutes(5));
        var longLived = await AddTokenAsync(session, TimeSpan.FromMinutes(30));
        Assert.True(await Store.RevokeTokenAsync(shortLived.Id, Now, Ct));
        Assert.True(await Store.RevokeTokenAsync(longLived.Id, Now, Ct));

        // Resource servers accept a token until exp plus their clock skew: the entry outlives exp by the grace.
        Time.Advance(TimeSpan.FromMinutes(5) + RevocationRead.Grace - TimeSpan.FromSeconds(1));
        Assert.Equal([shortLived.Id, longLived.Id], (await ReadAllRevocationsAsync()).Select(r => r.Id));
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([longLived.Id], (await ReadAllRevocationsAsync()).Select(r => r.Id));
    }

    [Fact]
    public async Task ReadRevocations_ARunOfExpiredEntries_NeverLooksLikeTheEndOfTheFeed()
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromHours(2));
        var blocker = await AddTokenAsync(session, TimeSpan.FromMinutes(50)); // live, at the head: nothing behind it is trimmed
        Assert.True(await Store.RevokeTokenAsync(blocker.Id, Now, Ct));
        for (var i = 0; i < 5; i++)
        {
            var expiring = await AddTokenAsync(session, TimeSpan.FromMinutes(1));
            Assert.True(await Store.RevokeTokenAsync(expiring.Id, Now, Ct));
        }

        Time.Advance(TimeSpan.FromMinutes(1) + RevocationRead.Grace);
        var live = await AddTokenAsync(session, TimeSpan.FromMinutes(30));
        Assert.True(await Store.RevokeTokenAsync(live.Id, Now, Ct));

        var first = await Store.ReadRevocationsAsync(RevocationCursor.Start, 1, Ct);
        Assert.Equal([blocker.Id], first.Items.Select(r => r.Id));
        var next = await Store.ReadRevocationsAsync(first.Next, 2, Ct);
        Assert.Equal([live.Id], next.Items.Select(r => r.Id));
        Assert.Equal(Parse(next.Items[0].Cursor), next.Next);
    }

    [Fact]
    public async Task ConsumeToken_ExactlyOnce_ThenAlreadyConsumed_AndTheRecordSaysWhen()
    {
        var session = await StartSessionAsync();
        var token = await AddTokenAsync(session, TimeSpan.FromMinutes(30));
        var at = Now + TimeSpan.FromTicks(3);

        Assert.Equal(ConsumeOutcome.Consumed, await Store.ConsumeTokenAsync(token.Id, at, Ct));
        Assert.Equal(ConsumeOutcome.AlreadyConsumed, await Store.ConsumeTokenAsync(token.Id, Now, Ct));
        Assert.Equal(at, (await Store.GetTokenAsync(token.Id, Ct))?.ConsumedAt);
    }

    [Fact]
    public async Task ConsumeToken_RevokedUnknownExpiredOrEndedSession_IsNotLive()
    {
        var session = await StartSessionAsync();
        var revoked = await AddTokenAsync(session, TimeSpan.FromMinutes(30));
        var expiring = await AddTokenAsync(session, TimeSpan.FromMinutes(5));
        var ofEnded = await AddTokenAsync(session, TimeSpan.FromMinutes(30));
        Assert.True(await Store.RevokeTokenAsync(revoked.Id, Now, Ct));

        Assert.Equal(ConsumeOutcome.NotLive, await Store.ConsumeTokenAsync(revoked.Id, Now, Ct));
        Assert.Equal(ConsumeOutcome.NotLive, await Store.ConsumeTokenAsync("tok_unknown", Now, Ct));
        await Store.EndSessionAsync(session.Id, Now, Ct);
        Assert.Equal(ConsumeOutcome.NotLive, await Store.ConsumeTokenAsync(ofEnded.Id, Now, Ct));
        Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(ConsumeOutcome.NotLive, await Store.ConsumeTokenAsync(expiring.Id, Now, Ct));
    }

    [Fact]
    public async Task ConsumeToken_ManyConcurrentConsumers_ExactlyOneWins()
    {
        var session = await StartSessionAsync();
        var token = await AddTokenAsync(session, TimeSpan.FromMinutes(30));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => Store.ConsumeTokenAsync(token.Id, Now, Ct))));

        Assert.Equal(1, outcomes.Count(o => o == ConsumeOutcome.Consumed));
        Assert.Equal(31, outcomes.Count(o => o == ConsumeOutcome.AlreadyConsumed));
    }

    private async Task<IReadOnlyList<RevocationItem>> ReadAllRevocationsAsync() => (await Store.ReadRevocationsAsync(RevocationCursor.Start, 1000, Ct)).Items;

    private static RevocationCursor Parse(string cursor) => RevocationCursor.TryParse(cursor, out var parsed) ? parsed : throw new FormatException(cursor);
}
