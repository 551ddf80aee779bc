using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Server.Tests.Escalations;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.OAuth;

/// <summary>DESIGN.md §3.10 on both stores: RFC 8693 token exchange and CIBA-style polling at <c>POST /oauth/token</c>.</summary>
public abstract class OAuthTokenTests : ServerTestBase
{
    private const string Exchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string Ciba = "urn:openid:params:grant-type:ciba";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    protected OAuthTokenTests(RedisServerFixture? redis)
        : base(redis)
    {
    }

    public sealed class InMemory() : OAuthTokenTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : OAuthTokenTests(redis);

    [Fact]
    public async Task Exchange_SessionTokenForAnAccessToken_SameDecisionAndEventAsV1Tokens()
    {
        var (_, session) = await Api.StartAsync();

        using var response = await TokenAsync(ExchangeForm(session.SessionToken, "db:read", "https://staging.api.example.com", target: "orders-db"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var token = await Api.ReadAsync(response, JitJsonContext.Default.OAuthTokenResponse);
        Assert.Equal(AccessTokenType, token.IssuedTokenType);
        Assert.Equal("Bearer", token.TokenType);
        Assert.Equal("db:read", token.Scope);
        Assert.Equal(300, token.ExpiresIn);
        var claims = Jwt.Payload(token.AccessToken);
        Assert.Equal("staging", claims.GetProperty("env").GetString());
        Assert.Equal("https://staging.api.example.com", claims.GetProperty("aud").GetString());
        Assert.Equal("orders-db", claims.GetProperty("target").GetString());
        var jti = claims.GetProperty("jti").GetString();
        Assert.Contains(Events(), e => e.Type == AuditEventTypes.TokenIssued && e.TokenId == jti && e.SessionId == session.SessionId);
    }

    [Fact]
    public async Task Exchange_Refusals_AreOAuthErrors_WithTheSameCodes()
    {
        var (_, session) = await Api.StartAsync(environments: "\"staging\"");

        await AssertErrorAsync(ExchangeForm(session.SessionToken, "db:read", "https://unknown.example.com"), HttpStatusCode.BadRequest, "invalid_target");
        await AssertErrorAsync(ExchangeForm(session.SessionToken, "db:read", null), HttpStatusCode.BadRequest, "invalid_target");
        await AssertErrorAsync(ExchangeForm(session.SessionToken, "db:read", "https://api.example.com"), HttpStatusCode.Forbidden, ErrorCodes.EnvironmentNotAllowed);
        await AssertErrorAsync(ExchangeForm(session.SessionToken, "db:nothing", "https://staging.api.example.com"), HttpStatusCode.BadRequest, ErrorCodes.InvalidScope);
        await AssertErrorAsync(ExchangeForm("jits_not-a-session", "db:read", "https://staging.api.example.com"), HttpStatusCode.BadRequest, ErrorCodes.InvalidGrant);
        await AssertErrorAsync(ExchangeForm(session.SessionToken, "db:read", "https://staging.api.example.com", ttl: "ten"), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        await AssertErrorAsync(ExchangeForm(session.SessionToken, "db:read", "https://staging.api.example.com", subjectTokenType: "urn:ietf:params:oauth:token-type:jwt"), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        await AssertErrorAsync("grant_type=client_credentials", HttpStatusCode.BadRequest, "unsupported_grant_type");
        await AssertErrorAsync("scope=db:read", HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        Assert.Contains(Events(), e => e.Type == AuditEventTypes.TokenDenied && e.Error == ErrorCodes.EnvironmentNotAllowed);
    }

    [Fact]
    public async Task Escalated_IsAuthorizationPending_ThenPolledWithCiba_UntilApproved()
    {
        var (_, session) = await Api.StartAsync();
        using var first = await TokenAsync(ExchangeForm(session.SessionToken, "db:write", "https://api.example.com"));
        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        var pending = await Api.ReadAsync(first, JitJsonContext.Default.OAuthPending);
        Assert.Equal(ErrorCodes.AuthorizationPending, pending.Error);
        Assert.Equal(pending.EscalationId, pending.AuthReqId);
        Assert.Equal(2, pending.Interval);
        Assert.InRange(pending.ExpiresIn, 1, 900);

        Factory.Time.Advance(TimeSpan.FromSeconds(3));
        await AssertErrorAsync($"grant_type={Uri.EscapeDataString(Ciba)}&auth_req_id={pending.AuthReqId}", HttpStatusCode.BadRequest, ErrorCodes.AuthorizationPending, session.SessionToken);
        await AssertErrorAsync($"grant_type={Uri.EscapeDataString(Ciba)}&auth_req_id={pending.AuthReqId}", HttpStatusCode.BadRequest, ErrorCodes.SlowDown, session.SessionToken);

        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        await Api.ApprovedAsync(dana, pending.EscalationId);
        Factory.Time.Advance(TimeSpan.FromSeconds(3));
        using var approved = await TokenAsync($"grant_type={Uri.EscapeDataString(Ciba)}&auth_req_id={pending.AuthReqId}", session.SessionToken);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var token = await Api.ReadAsync(approved, JitJsonContext.Default.OAuthTokenResponse);
        Assert.Equal("db:write", token.Scope);
        Assert.Equal("production", Jwt.Payload(token.AccessToken).GetProperty("env").GetString());

        Factory.Time.Advance(TimeSpan.FromSeconds(3));
        await AssertErrorAsync($"grant_type={Uri.EscapeDataString(Ciba)}&auth_req_id={pending.AuthReqId}", HttpStatusCode.BadRequest, ErrorCodes.InvalidGrant, session.SessionToken);
    }

    [Fact]
    public async Task Polling_ADeniedRequest_IsAccessDenied_AndWithoutTheSessionTokenIs401()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        using (var deny = await Api.DenyAsync(dana, escalated.EscalationId))
        {
            Assert.Equal(HttpStatusCode.OK, deny.StatusCode);
        }

        await AssertErrorAsync($"grant_type={Uri.EscapeDataString(Ciba)}&auth_req_id={escalated.EscalationId}", HttpStatusCode.BadRequest, ErrorCodes.AccessDenied, session.SessionToken);
        await AssertErrorAsync($"grant_type={Uri.EscapeDataString(Ciba)}&auth_req_id={escalated.EscalationId}", HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession);
    }

    private static string ExchangeForm(string subject, string scope, string? resource, string? target = null, string? ttl = null, string subjectTokenType = AccessTokenType)
    {
        var form = $"grant_type={Uri.EscapeDataString(Exchange)}&subject_token={Uri.EscapeDataString(subject)}&subject_token_type={Uri.EscapeDataString(subjectTokenType)}"
            + $"&scope={Uri.EscapeDataString(scope)}&purpose={Uri.EscapeDataString("read orders for ticket OPS-17")}";
        form += resource is null ? string.Empty : "&resource=" + Uri.EscapeDataString(resource);
        form += target is null ? string.Empty : "&target=" + Uri.EscapeDataString(target);
        form += ttl is null ? string.Empty : "&ttl_seconds=" + ttl;
        return form;
    }

    private async Task<HttpResponseMessage> TokenAsync(string form, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await Api.Http.SendAsync(request);
    }

    private async Task AssertErrorAsync(string form, HttpStatusCode status, string error, string? bearer = null)
    {
        using var response = await TokenAsync(form, bearer);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
        Assert.Equal(error, JsonSerializer.Deserialize(body, JitJsonContext.Default.OAuthError)!.Error);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    private IReadOnlyList<AuditEvent> Events()
        => [.. Factory.AuditLines().Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditEvent)!)];
}
