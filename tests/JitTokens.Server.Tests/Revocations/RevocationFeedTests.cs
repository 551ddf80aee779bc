using System.Net;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Revocations;

/// <summary>DESIGN.md §3.5: the revocation feed, as a resource server reads it, on both stores.</summary>
public abstract class RevocationFeedTests : ServerTestBase
{
    protected RevocationFeedTests(RedisServerFixture? redis)
        : base(redis)
    {
    }

    public sealed class InMemory() : RevocationFeedTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : RevocationFeedTests(redis);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RevokedToken_AndEndedSession_AreListed_WithoutCredentials_AndPaged()
    {
        var (_, session) = await Api.StartAsync();
        var first = await Api.IssueAsync(session.SessionToken);
        var second = await Api.IssueAsync(session.SessionToken);
        using (var revoke = await Api.SendAsync(HttpMethod.Delete, "/v1/tokens/" + first.TokenId, session.SessionToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using (var end = await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        }

        var all = await PageAsync("/v1/revocations");
        Assert.Equal([(RevocationKinds.Token, first.TokenId), (RevocationKinds.Session, session.SessionId)], all.Items.Select(i => (i.Kind, i.Id)));
        Assert.Equal(all.Items[^1].Cursor, all.Next);
        Assert.Equal(first.ExpiresAt, all.Items[0].ExpiresAt);
        Assert.Equal(session.ExpiresAt, all.Items[1].ExpiresAt);
        Assert.DoesNotContain(all.Items, i => i.Id == second.TokenId); // covered by its session's entry

        var firstPage = await PageAsync("/v1/revocations?limit=1");
        var rest = await PageAsync("/v1/revocations?after=" + firstPage.Next);
        Assert.Equal(all.Items, [.. firstPage.Items, .. rest.Items]);
        var empty = await PageAsync("/v1/revocations?after=" + all.Next);
        Assert.Empty(empty.Items);
        Assert.Equal(all.Next, empty.Next);
    }

    [Theory]
    [InlineData("/v1/revocations?after=yesterday")]
    [InlineData("/v1/revocations?after=1-x")]
    [InlineData("/v1/revocations?limit=0")]
    [InlineData("/v1/revocations?limit=1001")]
    [InlineData("/v1/revocations?limit=1&limit=2")]
    [InlineData("/v1/revocations?since=1")]
    [InlineData("/v1/revocations/stream?after=nope")]
    public async Task BadParameters_Are400InvalidRequest(string path)
    {
        using var response = await Api.Http.GetAsync(path, Ct);
        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Stream_SendsTheBacklog_ThenLiveEntries_AndResumesAfterLastEventId()
    {
        var (_, session) = await Api.StartAsync();
        var before = await Api.IssueAsync(session.SessionToken);
        await RevokeAsync(session.SessionToken, before.TokenId);

        string resumeFrom;
        TokenIssued live;
        await using (var stream = await SseStream.OpenAsync(Api.Http, "/v1/revocations/stream", null, Ct))
        {
            var backlog = await stream.NextAsync(Ct);
            Assert.Equal(before.TokenId, backlog.Item.Id);
            Assert.Equal(backlog.Item.Cursor, backlog.Id);

            live = await Api.IssueAsync(session.SessionToken);
            await RevokeAsync(session.SessionToken, live.TokenId);
            var next = await stream.NextAsync(Ct);
            Assert.Equal(live.TokenId, next.Item.Id);
            resumeFrom = backlog.Id;
        }

        var later = await Api.IssueAsync(session.SessionToken);
        await RevokeAsync(session.SessionToken, later.TokenId);
        await using var resumed = await SseStream.OpenAsync(Api.Http, "/v1/revocations/stream", resumeFrom, Ct);
        var ids = new[] { (await resumed.NextAsync(Ct)).Item.Id, (await resumed.NextAsync(Ct)).Item.Id };
        Assert.Equal(live.TokenId, ids[0]);
        Assert.Equal(later.TokenId, ids[1]);
    }

    [Fact]
    public async Task Stream_WithAMalformedLastEventId_Is400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/revocations/stream");
        request.Headers.Add("Last-Event-ID", "not-a-cursor");
        using var response = await Api.Http.SendAsync(request, Ct);
        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    private async Task RevokeAsync(string sessionToken, string tokenId)
    {
        using var response = await Api.SendAsync(HttpMethod.Delete, "/v1/tokens/" + tokenId, sessionToken);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private async Task<RevocationPage> PageAsync(string path)
    {
        using var response = await Api.Http.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
        return await Api.ReadAsync(response, JitJsonContext.Default.RevocationPage);
    }
}
