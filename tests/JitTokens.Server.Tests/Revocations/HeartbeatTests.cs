using System.Net;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Revocations;

/// <summary>Issue 5 item 5: the heartbeat ends a session whose wrapper died, revoking what it minted; on both stores.</summary>
public abstract class HeartbeatTests : IDisposable
{
    protected HeartbeatTests(RedisServerFixture? redis)
    {
        // The sweeps run on real time (ManualTimeProvider has no timers of its own): keep them quick.
        var settings = new Dictionary<string, string?> { ["JitTokens:EscalationSweepInterval"] = "00:00:00.1" };
        if (redis is not null)
        {
            settings["JitTokens:Redis:Configuration"] = redis.Configuration;
            settings["JitTokens:Redis:KeyPrefix"] = RedisServerFixture.NewKeyPrefix();
        }

        Factory = new JitServerFactory(settings);
        Api = new Api(Factory.CreateClient());
    }

    internal JitServerFactory Factory { get; }

    internal Api Api { get; }

    public void Dispose()
    {
        Api.Http.Dispose();
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }

    public sealed class InMemory() : HeartbeatTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : HeartbeatTests(redis);

    [Fact]
    public async Task HeartbeatsKeepTheSession_ThenSilence_EndsIt_AndItsTokensAreRevoked()
    {
        var (_, session) = await Api.StartAsync();
        var token = await Api.IssueAsync(session.SessionToken);
        await BeatAsync(session.SessionToken, 30);
        Factory.Time.Advance(TimeSpan.FromSeconds(20));
        await BeatAsync(session.SessionToken, 30);
        Factory.Time.Advance(TimeSpan.FromSeconds(20)); // 40 s since the first beat, 20 s since the last
        await Task.Delay(500, TestContext.Current.CancellationToken); // several sweeps: none may end a session whose heartbeat is alive
        await AssertSessionAsync(session.SessionToken, HttpStatusCode.OK);

        Factory.Time.Advance(TimeSpan.FromSeconds(15)); // the last beat's 30 s have passed
        await WaitUntilAsync(async () => (await StatusOfCurrentAsync(session.SessionToken)) == HttpStatusCode.Unauthorized);

        // The session ends in the store first, then its events are logged: the 401 can come a moment before them.
        List<AuditEvent> Logged() => [.. Factory.AuditLines().Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditEvent)!)];
        await WaitUntilAsync(
            () => Task.FromResult(Logged() is var events
                && events.Any(e => e.Type == AuditEventTypes.SessionEnded && e.SessionId == session.SessionId)
                && events.Any(e => e.Type == AuditEventTypes.TokenRevoked && e.TokenId == token.TokenId)),
            "the lapsed session's session.ended and token.revoked were not logged within 10 s");
        var ended = Assert.Single(Logged(), e => e.Type == AuditEventTypes.SessionEnded && e.SessionId == session.SessionId);
        Assert.Equal("system:jittokens", ended.Actor);
        using var feed = await Api.Http.GetAsync("/v1/revocations");
        Assert.Contains(session.SessionId, await feed.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"within_seconds\":4}")]
    [InlineData("{\"within_seconds\":3601}")]
    [InlineData("{}")]
    [InlineData("{\"within_seconds\":30,\"extra\":1}")]
    public async Task BadHeartbeats_Are400(string body)
    {
        var (_, session) = await Api.StartAsync();
        using var response = await Api.PostJsonAsync("/v1/sessions/current/heartbeat", body, session.SessionToken);
        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Heartbeat_OfAnEndedSession_Is401()
    {
        var (_, session) = await Api.StartAsync();
        using (var end = await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        }

        using var response = await Api.PostJsonAsync("/v1/sessions/current/heartbeat", "{\"within_seconds\":30}", session.SessionToken);
        await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession);
    }

    private async Task BeatAsync(string sessionToken, int seconds)
    {
        using var response = await Api.PostJsonAsync("/v1/sessions/current/heartbeat", $"{{\"within_seconds\":{seconds}}}", sessionToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var accepted = await Api.ReadAsync(response, JitJsonContext.Default.HeartbeatAccepted);
        Assert.Equal(Factory.Time.GetUtcNow().AddSeconds(seconds), accepted.Deadline, TimeSpan.FromMilliseconds(1));
    }

    private async Task AssertSessionAsync(string sessionToken, HttpStatusCode expected) => Assert.Equal(expected, await StatusOfCurrentAsync(sessionToken));

    private async Task<HttpStatusCode> StatusOfCurrentAsync(string sessionToken)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, "/v1/sessions/current", sessionToken);
        return response.StatusCode;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure = "the lapsed session was not ended within 10 s")
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
