using System.Net;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Revocations;

/// <summary>Issue 5 item 3: the revocation feed works across server instances sharing one Redis.</summary>
public sealed class TwoInstanceFeedTests : IDisposable
{
    private readonly JitServerFactory _a;
    private readonly JitServerFactory _b;

    public TwoInstanceFeedTests(RedisServerFixture redis)
    {
        var settings = new Dictionary<string, string?>
        {
            ["JitTokens:Redis:Configuration"] = redis.Configuration,
            ["JitTokens:Redis:KeyPrefix"] = RedisServerFixture.NewKeyPrefix(),
            ["JitTokens:RevocationFeed:KeepAliveInterval"] = "00:00:00.200",
        };
        _a = new JitServerFactory(settings);
        _b = new JitServerFactory(settings);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    [Fact]
    public async Task RevokedOnOneInstance_StreamedByTheOther()
    {
        var a = new Api(_a.CreateClient());
        var b = new Api(_b.CreateClient());
        var (_, session) = await a.StartAsync();
        var token = await a.IssueAsync(session.SessionToken);
        await using var stream = await SseStream.OpenAsync(b.Http, "/v1/revocations/stream", null, Ct);
        await stream.WaitForCommentAsync(TimeSpan.FromSeconds(5), Ct); // B has sent its (empty) backlog: what follows is live

        using (var revoke = await a.SendAsync(HttpMethod.Delete, "/v1/tokens/" + token.TokenId, session.SessionToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        Assert.Equal(token.TokenId, (await stream.NextAsync(Ct)).Item.Id);

        using (var end = await b.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        }

        Assert.Equal(session.SessionId, (await stream.NextAsync(Ct)).Item.Id);
        a.Http.Dispose();
        b.Http.Dispose();
    }

    [Fact]
    public async Task StreamsBeyondTheLimit_Are503WithRetryAfter_AndAClosedStreamFreesItsPlace()
    {
        using var factory = new JitServerFactory(new Dictionary<string, string?> { ["JitTokens:RevocationFeed:MaxStreams"] = "1" });
        using var http = factory.CreateClient();
        var first = await SseStream.OpenAsync(http, "/v1/revocations/stream", null, Ct);

        using (var second = await http.GetAsync("/v1/revocations/stream", HttpCompletionOption.ResponseHeadersRead, Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
            Assert.NotNull(second.Headers.RetryAfter);
        }

        await first.DisposeAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            using var again = await http.GetAsync("/v1/revocations/stream", HttpCompletionOption.ResponseHeadersRead, Ct);
            if (again.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the closed stream's place was never freed");
            await Task.Delay(50, Ct);
        }
    }

    /// <summary>
    /// An instance that cannot read the feed must not tell its streams, by keepalives, that nothing is missing: it closes
    /// them, so resource servers reconnect (or go stale and fail closed) instead of trusting a feed that stopped.
    /// </summary>
    [Fact]
    public async Task StoreLost_TheStreamEnds_InsteadOfSendingKeepalives()
    {
        await using var redis = await RedisServer.StartNewAsync(Ct);
        using var factory = new JitServerFactory(new Dictionary<string, string?>
        {
            ["JitTokens:Redis:Configuration"] = redis.Configuration,
            ["JitTokens:Redis:KeyPrefix"] = RedisServer.NewKeyPrefix(),
            ["JitTokens:Redis:OperationTimeout"] = "00:00:00.500",
            ["JitTokens:RevocationFeed:KeepAliveInterval"] = "00:00:00.200",
        });
        using var http = factory.CreateClient();
        await using var stream = await SseStream.OpenAsync(http, "/v1/revocations/stream", null, Ct);
        await stream.WaitForCommentAsync(TimeSpan.FromSeconds(5), Ct);

        await redis.StopAsync();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        try
        {
            while (DateTime.UtcNow < deadline)
            {
                await stream.WaitForCommentAsync(TimeSpan.FromSeconds(10), Ct);
            }

            Assert.Fail("the stream kept sending keepalives for 15 s although its instance could not read the feed");
        }
        catch (EndOfStreamException)
        {
            // Closed: the client reconnects, or goes stale and fails closed.
        }
    }

    [Fact]
    public async Task QuietStream_SendsKeepalives()
    {
        using var factory = new JitServerFactory(new Dictionary<string, string?> { ["JitTokens:RevocationFeed:KeepAliveInterval"] = "00:00:00.200" });
        using var http = factory.CreateClient();
        await using var stream = await SseStream.OpenAsync(http, "/v1/revocations/stream", null, Ct);

        await stream.WaitForCommentAsync(TimeSpan.FromSeconds(5), Ct);
        await stream.WaitForCommentAsync(TimeSpan.FromSeconds(5), Ct);
    }
}
