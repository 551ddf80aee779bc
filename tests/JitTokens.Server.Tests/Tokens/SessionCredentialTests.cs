using System.Net.Http.Headers;
using System.Net;
using JitTokens.Abstractions;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Tokens;

/// <summary>Session tokens, human JWTs and access tokens are never accepted in each other's place (DESIGN.md §3.8).</summary>
public abstract class SessionCredentialTests(RedisServerFixture? redis) : ServerTestBase(redis)
{
    public sealed class InMemory() : SessionCredentialTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : SessionCredentialTests(redis);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("jits_")]
    [InlineData("jits_tooshort")]
    [InlineData("jits_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("jits_!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public async Task Request_BadSessionToken_Returns401InvalidSession(string? credential)
    {
        using var response = await Api.RequestTokenAsync(credential!, Api.TokenBody("db:read", "staging"));

        await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_BasicScheme_Returns401InvalidSession()
    {
        var (_, session) = await Api.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens") { Content = new StringContent(Api.TokenBody("db:read", "staging"), null, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", session.SessionToken);

        using var response = await Api.Http.SendAsync(request);

        await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession);
    }

    [Fact]
    public async Task Request_HumanJwtAsSessionToken_Returns401()
    {
        var human = await Api.LoginAsync("alice", JitRoles.Requester);

        using var response = await Api.RequestTokenAsync(human, Api.TokenBody("db:read", "staging"));

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession);
        Assert.Contains("JWT", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_AccessTokenAsSessionToken_Returns401()
    {
        var (_, session) = await Api.StartAsync();
        var issued = await Api.IssueAsync(session.SessionToken);

        using var response = await Api.RequestTokenAsync(issued.AccessToken, Api.TokenBody("db:read", "staging"));
        using var current = await Api.SendAsync(HttpMethod.Get, "/v1/sessions/current", issued.AccessToken);

        await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession);
        await Api.AssertProblemAsync(current, HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession);
    }

    [Fact]
    public async Task StartSession_SessionTokenAsHuman_Returns401()
    {
        var (_, session) = await Api.StartAsync();

        using var response = await Api.PostJsonAsync("/v1/sessions", """{"agent":"x","environments":["staging"],"purpose":"escalate my own rights"}""", session.SessionToken);

        await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.AccessDenied);
    }

    [Fact]
    public async Task StartSession_AccessTokenAsHuman_Returns401()
    {
        var (_, session) = await Api.StartAsync();
        var issued = await Api.IssueAsync(session.SessionToken);

        using var response = await Api.PostJsonAsync("/v1/sessions", """{"agent":"x","environments":["staging"],"purpose":"escalate my own rights"}""", issued.AccessToken);

        await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.AccessDenied);
    }

    [Fact]
    public async Task StartSession_ExpiredHumanToken_Returns401()
    {
        var human = await Api.LoginAsync("alice", JitRoles.Requester);
        Factory.Time.Advance(TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1));

        using var response = await Api.PostJsonAsync("/v1/sessions", """{"agent":"x","environments":["staging"],"purpose":"fix flaky checkout test"}""", human);

        await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.AccessDenied);
    }

    [Fact]
    public async Task StartSession_HumanTokenJustBeforeExpiry_IsAccepted()
    {
        var human = await Api.LoginAsync("alice", JitRoles.Requester);
        Factory.Time.Advance(TimeSpan.FromHours(8) - TimeSpan.FromMinutes(1));

        using var response = await Api.PostJsonAsync("/v1/sessions", """{"agent":"x","environments":["staging"],"purpose":"fix flaky checkout test"}""", human);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task StartSession_TamperedHumanToken_Returns401()
    {
        var human = await Api.LoginAsync("alice", JitRoles.Approver);
        var parts = human.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).Replace("jit.approver", "jit.admin", StringComparison.Ordinal);
        var forged = parts[0] + "." + System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload)) + "." + parts[2];

        using var response = await Api.PostJsonAsync("/v1/sessions", """{"agent":"x","environments":["staging"],"purpose":"fix flaky checkout test"}""", forged);

        await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.AccessDenied);
    }
}
