using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Core.Telemetry;
using JitTokens.Server.Tests.Escalations;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.Server.Tests.Telemetry;
using JitTokens.TestSupport.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace JitTokens.Server.Tests.Limits;

/// <summary>Issue 6 item 4: the per-session rate limit on every session endpoint, on both stores.</summary>
public abstract class SessionRateLimitTests(RedisServerFixture? redis) : RateLimitTestBase(redis)
{
    private const string Exchange = "urn:ietf:params:oauth:grant-type:token-exchange";

    public sealed class InMemory() : SessionRateLimitTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : SessionRateLimitTests(redis);

    [Fact]
    public async Task V1Tokens_OverTheLimit_Is429RateLimitedWithRetryAfter_AndNothingIsIssuedOrLogged()
    {
        using var metrics = new MetricRecorder(Factory.Services.GetRequiredService<IMeterFactory>());
        var (_, session) = await Api.StartAsync();
        for (var i = 0; i < SessionBurst; i++)
        {
            await Api.IssueAsync(session.SessionToken);
        }

        using var refused = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"));
        using var again = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"));

        await AssertRateLimitedAsync(refused);
        await AssertRateLimitedAsync(again);
        var tokenEvents = Factory.AuditLines().Count(l => l.Contains(session.SessionId, StringComparison.Ordinal) && l.Contains("\"token.", StringComparison.Ordinal));
        Assert.Equal(SessionBurst, tokenEvents);
        var warning = Assert.Single(Factory.Logs.Lines, l => l.Contains("Rate limit per session", StringComparison.Ordinal));
        Assert.Contains(session.SessionId, warning, StringComparison.Ordinal);
        Assert.DoesNotContain(session.SessionToken, string.Join('\n', Factory.Logs.Lines), StringComparison.Ordinal);
        // Every refusal is counted (the log line is once a minute); the tag is the kind of limit, never the session.
        Assert.Equal(2, metrics.Sum(JitMetrics.Names.RateLimited, (JitTelemetry.Tags.Kind, "session")));
        Assert.Equal(SessionBurst, metrics.Sum(JitMetrics.Names.TokenRequests));
    }

    [Fact]
    public async Task OAuthToken_OverTheLimit_Is429WithOAuthErrorJsonAndRetryAfter_ForExchangeAndCibaPolls()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        for (var i = 1; i < SessionBurst; i++)
        {
            using var ok = await OAuthTokenAsync(ExchangeForm(session.SessionToken));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var exchange = await OAuthTokenAsync(ExchangeForm(session.SessionToken));
        using var poll = await OAuthTokenAsync($"grant_type={Uri.EscapeDataString("urn:openid:params:grant-type:ciba")}&auth_req_id={escalated.EscalationId}", session.SessionToken);

        foreach (var response in new[] { exchange, poll })
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{response.StatusCode}: {body}");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var error = JsonSerializer.Deserialize(body, JitJsonContext.Default.OAuthError)!;
            Assert.Equal(ErrorCodes.RateLimited, error.Error);
            Assert.Contains("retry in 1 s", error.ErrorDescription, StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        }
    }

    [Fact]
    public async Task DryRunsHeartbeatsAndReads_CountToo()
    {
        var (_, session) = await Api.StartAsync();
        using (var dry = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"), dryRun: true))
        {
            Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        }

        using (var beat = await Api.PostJsonAsync("/v1/sessions/current/heartbeat", """{"within_seconds":60}""", session.SessionToken))
        {
            Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
        }

        using (var current = await Api.SendAsync(HttpMethod.Get, "/v1/sessions/current", session.SessionToken))
        {
            Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        }

        using var dryRefused = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"), dryRun: true);
        using var beatRefused = await Api.PostJsonAsync("/v1/sessions/current/heartbeat", """{"within_seconds":60}""", session.SessionToken);

        await AssertRateLimitedAsync(dryRefused);
        await AssertRateLimitedAsync(beatRefused);
    }

    [Fact]
    public async Task OneSessionsFlood_DoesNotLimitAnotherSession()
    {
        var (human, flooding) = await Api.StartAsync();
        var other = await Api.StartSessionAsync(human);
        for (var i = 0; i < SessionBurst + 5; i++)
        {
            using var _ = await Api.RequestTokenAsync(flooding.SessionToken, Api.TokenBody("db:read", "staging"));
        }

        for (var i = 0; i < SessionBurst; i++)
        {
            await Api.IssueAsync(other.SessionToken);
        }
    }

    [Fact]
    public async Task AfterRetryAfter_TheSessionIsServedAgain_AtTheRate()
    {
        var (_, session) = await Api.StartAsync();
        for (var i = 0; i < SessionBurst; i++)
        {
            await Api.IssueAsync(session.SessionToken);
        }

        using var refused = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"));
        await AssertRateLimitedAsync(refused);

        Factory.Time.Advance(refused.Headers.RetryAfter!.Delta!.Value);
        await Api.IssueAsync(session.SessionToken);
        using var next = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"));
        await AssertRateLimitedAsync(next);
        Factory.Time.Advance(TimeSpan.FromSeconds(SessionBurst));
        for (var i = 0; i < SessionBurst; i++)
        {
            await Api.IssueAsync(session.SessionToken);
        }
    }

    [Fact]
    public async Task EndingTheSession_IsNeverLimited_AndRevokesWhatItMinted()
    {
        var (_, session) = await Api.StartAsync();
        var token = await Api.IssueAsync(session.SessionToken);
        for (var i = 0; i < SessionBurst; i++)
        {
            using var _ = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"));
        }

        using var ended = await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken);

        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Contains(Factory.AuditLines(), l => l.Contains(AuditEventTypes.TokenRevoked, StringComparison.Ordinal) && l.Contains(token.TokenId, StringComparison.Ordinal));
    }

    private static string ExchangeForm(string subject)
        => $"grant_type={Uri.EscapeDataString(Exchange)}&subject_token={Uri.EscapeDataString(subject)}&subject_token_type={Uri.EscapeDataString("urn:ietf:params:oauth:token-type:access_token")}"
           + $"&scope=db:read&resource={Uri.EscapeDataString("https://staging.api.example.com")}&purpose={Uri.EscapeDataString("read orders for ticket OPS-17")}";

    private async Task<HttpResponseMessage> OAuthTokenAsync(string form, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await Api.Http.SendAsync(request);
    }
}
