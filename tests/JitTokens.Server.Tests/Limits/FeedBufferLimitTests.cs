using System.Net;
using JitTokens.Server.Revocations;
using JitTokens.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JitTokens.Server.Tests.Limits;

/// <summary><c>RevocationFeed:StreamBuffer</c>: a stream that falls that many entries behind is ended (its client resumes from its cursor).</summary>
public sealed class FeedBufferLimitTests : IDisposable
{
    private const int Buffer = 100;

    private readonly JitServerFactory _factory = new(new Dictionary<string, string?>
    {
        ["JitTokens:RevocationFeed:StreamBuffer"] = "100",
        ["JitTokens:RateLimits:PerSession:PermitsPerSecond"] = "0",
    });

    [Fact]
    public async Task StreamThatFallsBufferBehind_IsEnded_AfterExactlyTheBuffer()
    {
        var api = new Api(_factory.CreateClient());
        var (_, session) = await api.StartAsync();
        var feed = _factory.Services.GetRequiredService<RevocationFeed>();
        var keepingUp = feed.Subscribe()!;
        var lagging = feed.Subscribe()!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var keptUp = Task.Run(async () =>
        {
            for (var i = 0; i <= Buffer; i++)
            {
                await keepingUp.Reader.ReadAsync(timeout.Token);
            }
        });

        for (var i = 0; i <= Buffer; i++)
        {
            var token = await api.IssueAsync(session.SessionToken);
            using var revoked = await api.SendAsync(HttpMethod.Delete, "/v1/tokens/" + token.TokenId, session.SessionToken);
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        // Every entry is handed to every stream in one pass: once the reading stream has all of them, so was the lagging one offered them.
        await keptUp;
        var received = 0;
        await foreach (var _ in lagging.Reader.ReadAllAsync(timeout.Token))
        {
            received++;
        }

        Assert.Equal(Buffer, received);
    }

    public void Dispose() => _factory.Dispose();
}
