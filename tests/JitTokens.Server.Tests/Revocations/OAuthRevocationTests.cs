using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Server.Tests.Escalations;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Revocations;

/// <summary>
/// DESIGN.md §3.5 on both stores: <c>POST /oauth/revoke</c> (RFC 7009) and <c>POST /oauth/introspect</c> (RFC 7662)
/// with resource-server credentials from configuration, and single-use consumption.
/// </summary>
public abstract class OAuthRevocationTests : IDisposable
{
    private const string ProdSecret = "prod-resource-server-secret-0123456789abcdef";
    private const string AnySecret = "any-env-resource-server-secret-0123456789abcdef";
    private readonly JitServerFactory _factory;
    private readonly Api _api;

    protected OAuthRevocationTests(RedisServerFixture? redis)
    {
        var settings = new Dictionary<string, string?>
        {
            ["JitTokens:ResourceServers:volumes-prod:SecretSha256"] = Sha256(ProdSecret),
            ["JitTokens:ResourceServers:volumes-prod:Environments:0"] = "production",
            ["JitTokens:ResourceServers:volumes-any:SecretSha256"] = Sha256(AnySecret),
        };
        if (redis is not null)
        {
            settings["JitTokens:Redis:Configuration"] = redis.Configuration;
            settings["JitTokens:Redis:KeyPrefix"] = RedisServerFixture.NewKeyPrefix();
        }

        _factory = new JitServerFactory(settings);
        _api = new Api(_factory.CreateClient());
    }

    public sealed class InMemory() : OAuthRevocationTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : OAuthRevocationTests(redis);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _api.Http.Dispose();
        _factory.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Revoke_OwnToken_With200_ThenIntrospectionSaysInactive()
    {
        var (_, session) = await _api.StartAsync();
        var token = await _api.IssueAsync(session.SessionToken);
        Assert.True((await IntrospectAsync(token.AccessToken, Basic("volumes-any", AnySecret))).Active);

        using var response = await PostFormAsync("/oauth/revoke", $"token={token.AccessToken}", Bearer(session.SessionToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await IntrospectAsync(token.AccessToken, Basic("volumes-any", AnySecret))).Active);
        Assert.Single(_factory.AuditLines(), l => l.Contains(AuditEventTypes.TokenRevoked, StringComparison.Ordinal) && l.Contains(token.TokenId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Revoke_AnotherSessionsToken_IsRefused_AndTheTokenStaysActive()
    {
        var (_, mine) = await _api.StartAsync();
        var (_, theirs) = await _api.StartAsync();
        var token = await _api.IssueAsync(theirs.SessionToken);

        using var response = await PostFormAsync("/oauth/revoke", $"token={token.AccessToken}", Bearer(mine.SessionToken));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ErrorCodes.AccessDenied, (await ReadErrorAsync(response)).Error);
        Assert.True((await IntrospectAsync(token.AccessToken, Basic("volumes-any", AnySecret))).Active);
    }

    [Fact]
    public async Task Revoke_ByTheOwner_Works_AndUnknownOrForeignTokensAre200()
    {
        var (alice, session) = await _api.StartAsync();
        var token = await _api.IssueAsync(session.SessionToken);

        using (var byOwner = await PostFormAsync("/oauth/revoke", $"token={token.AccessToken}", Bearer(alice)))
        {
            Assert.Equal(HttpStatusCode.OK, byOwner.StatusCode);
        }

        Assert.False((await IntrospectAsync(token.AccessToken, Basic("volumes-any", AnySecret))).Active);
        var tampered = token.AccessToken[..^4] + (token.AccessToken[^4..] == "AAAA" ? "BBBB" : "AAAA");
        foreach (var junk in new[] { "not-a-token", tampered, session.SessionToken })
        {
            using var response = await PostFormAsync("/oauth/revoke", "token=" + Uri.EscapeDataString(junk), Bearer(session.SessionToken));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The session token passed as the token to revoke does nothing to the session.
        using var current = await _api.SendAsync(HttpMethod.Get, "/v1/sessions/current", session.SessionToken);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task Revoke_ByAHumanWhoIsNeitherOwnerNorAdmin_IsRefused()
    {
        var (_, session) = await _api.StartAsync();
        var token = await _api.IssueAsync(session.SessionToken);
        var mallory = await _api.LoginAsync("mallory", JitRoles.Requester, JitRoles.Auditor);

        using var response = await PostFormAsync("/oauth/revoke", $"token={token.AccessToken}", Bearer(mallory));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ErrorCodes.AccessDenied, (await ReadErrorAsync(response)).Error);
        Assert.True((await IntrospectAsync(token.AccessToken, Basic("volumes-any", AnySecret))).Active);
    }

    [Fact]
    public async Task Forms_OverTheLimit_Are413()
    {
        var (_, session) = await _api.StartAsync();
        using var response = await PostFormAsync("/oauth/revoke", "token=" + new string('a', 17 * 1024), Bearer(session.SessionToken));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Consume_ByAHuman_IsRefused_AndTheTokenStaysUnused()
    {
        var (_, session) = await _api.StartAsync();
        var token = await UseOnceTokenAsync(session.SessionToken);
        var audrey = await _api.LoginAsync("audrey", JitRoles.Auditor);

        using (var refused = await PostFormAsync("/oauth/introspect", $"token={token.AccessToken}&consume=true", Bearer(audrey)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.True((await IntrospectAsync(token.AccessToken, Basic("volumes-any", AnySecret), consume: true)).Active);
    }

    [Fact]
    public async Task Revoke_BadRequests_AreOAuthErrors()
    {
        var (_, session) = await _api.StartAsync();
        using (var noCredentials = await PostFormAsync("/oauth/revoke", "token=x", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, noCredentials.StatusCode);
            Assert.NotNull((await ReadErrorAsync(noCredentials)).Error);
        }

        using (var noToken = await PostFormAsync("/oauth/revoke", "token_type_hint=access_token", Bearer(session.SessionToken)))
        {
            Assert.Equal("invalid_request", (await ReadErrorAsync(noToken)).Error);
        }

        using (var twice = await PostFormAsync("/oauth/revoke", "token=a&token=b", Bearer(session.SessionToken)))
        {
            Assert.Equal("invalid_request", (await ReadErrorAsync(twice)).Error);
        }

        using var json = new HttpRequestMessage(HttpMethod.Post, "/oauth/revoke") { Content = new StringContent("{\"token\":\"x\"}", Encoding.UTF8, "application/json") };
        json.Headers.Authorization = Bearer(session.SessionToken);
        using var jsonResponse = await _api.Http.SendAsync(json, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, jsonResponse.StatusCode);
        Assert.Equal("invalid_request", (await ReadErrorAsync(jsonResponse)).Error);
    }

    [Fact]
    public async Task Introspect_ActiveToken_ReturnsItsClaims()
    {
        var (_, session) = await _api.StartAsync();
        var token = await _api.IssueAsync(session.SessionToken, target: "orders-db");

        var answer = await IntrospectAsync(token.AccessToken, Basic("volumes-any", AnySecret));

        Assert.True(answer.Active);
        Assert.Equal("db:read", answer.Scope);
        Assert.Equal("cursor-42", answer.ClientId);
        Assert.Equal("alice", answer.Sub);
        Assert.Equal("staging", answer.Env);
        Assert.Equal(token.TokenId, answer.Jti);
        Assert.Equal(session.SessionId, answer.Sid);
        Assert.Equal("orders-db", answer.Target);
        Assert.Equal(token.ExpiresAt.ToUnixTimeSeconds(), answer.Exp);
        Assert.Equal("Bearer", answer.TokenType);
    }

    [Fact]
    public async Task Introspect_Inactive_ForEndedSession_Expired_Tampered_OtherEnvironment_AndSessionTokens()
    {
        var (_, session) = await _api.StartAsync();
        var staging = await _api.IssueAsync(session.SessionToken);
        var shortLived = await _api.IssueAsync(session.SessionToken, ttl: 60);
        var tampered = staging.AccessToken[..^4] + (staging.AccessToken[^4..] == "AAAA" ? "BBBB" : "AAAA");

        Assert.False((await IntrospectAsync(staging.AccessToken, Basic("volumes-prod", ProdSecret))).Active); // a production-only resource server
        Assert.False((await IntrospectAsync(tampered, Basic("volumes-any", AnySecret))).Active);
        Assert.False((await IntrospectAsync(session.SessionToken, Basic("volumes-any", AnySecret))).Active);
        _factory.Time.Advance(TimeSpan.FromSeconds(61));
        Assert.False((await IntrospectAsync(shortLived.AccessToken, Basic("volumes-any", AnySecret))).Active);
        Assert.True((await IntrospectAsync(staging.AccessToken, Basic("volumes-any", AnySecret))).Active);

        using (var end = await _api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        }

        Assert.False((await IntrospectAsync(staging.AccessToken, Basic("volumes-any", AnySecret))).Active);
    }

    [Fact]
    public async Task Introspect_Callers_WrongSecret401_RequesterHuman403_AuditorAllowed()
    {
        var (alice, session) = await _api.StartAsync();
        var token = await _api.IssueAsync(session.SessionToken);

        using (var wrong = await PostFormAsync("/oauth/introspect", "token=" + token.AccessToken, Basic("volumes-any", AnySecret + "x")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("invalid_client", (await ReadErrorAsync(wrong)).Error);
            Assert.DoesNotContain(AnySecret, await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var unknown = await PostFormAsync("/oauth/introspect", "token=" + token.AccessToken, Basic("nobody", AnySecret)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        }

        using (var requester = await PostFormAsync("/oauth/introspect", "token=" + token.AccessToken, Bearer(alice)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, requester.StatusCode);
        }

        using (var bySession = await PostFormAsync("/oauth/introspect", "token=" + token.AccessToken, Bearer(session.SessionToken)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, bySession.StatusCode);
        }

        var audrey = await _api.LoginAsync("audrey", JitRoles.Auditor);
        Assert.True((await IntrospectAsync(token.AccessToken, Bearer(audrey))).Active);
    }

    [Fact]
    public async Task Consume_UseOnceToken_ManyConcurrentConsumers_ExactlyOneActive_AndOneConsumedEvent()
    {
        var (_, session) = await _api.StartAsync();
        var token = await UseOnceTokenAsync(session.SessionToken);

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => IntrospectAsync(token.AccessToken, Basic("volumes-any", AnySecret), consume: true)));

        Assert.Single(answers, a => a.Active);
        Assert.Equal("once", answers.Single(a => a.Active).Use);
        Assert.False((await IntrospectAsync(token.AccessToken, Basic("volumes-any", AnySecret))).Active);
        var consumed = _factory.AuditLines()
            .Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditEvent)!)
            .Where(e => e.Type == AuditEventTypes.TokenConsumed)
            .ToList();
        var e = Assert.Single(consumed);
        Assert.Equal(token.TokenId, e.TokenId);
        Assert.Equal("rs:volumes-any", e.Actor);
        Assert.DoesNotContain(_factory.AuditLines(), l => l.Contains(token.AccessToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Consume_OnAnOrdinaryToken_ChangesNothing_AndBadConsumeValuesAre400()
    {
        var (_, session) = await _api.StartAsync();
        var token = await _api.IssueAsync(session.SessionToken);

        Assert.True((await IntrospectAsync(token.AccessToken, Basic("volumes-any", AnySecret), consume: true)).Active);
        Assert.True((await IntrospectAsync(token.AccessToken, Basic("volumes-any", AnySecret), consume: true)).Active);
        using var bad = await PostFormAsync("/oauth/introspect", $"token={token.AccessToken}&consume=yes", Basic("volumes-any", AnySecret));
        Assert.Equal("invalid_request", (await ReadErrorAsync(bad)).Error);
    }

    private async Task<TokenIssued> UseOnceTokenAsync(string sessionToken)
    {
        var escalated = await _api.EscalateAsync(sessionToken, "volume:delete", "staging", target: "vol-1");
        var bob = await _api.LoginAsync("bob", JitRoles.Approver);
        await _api.ApprovedAsync(bob, escalated.EscalationId);
        using var redeemed = await _api.RedeemAsync(sessionToken, escalated.EscalationId);
        Assert.Equal(HttpStatusCode.Created, redeemed.StatusCode);
        return await Api.ReadAsync(redeemed, JitJsonContext.Default.TokenIssued);
    }

    private async Task<IntrospectionResponse> IntrospectAsync(string token, AuthenticationHeaderValue auth, bool consume = false)
    {
        using var response = await PostFormAsync("/oauth/introspect", "token=" + Uri.EscapeDataString(token) + (consume ? "&consume=true" : string.Empty), auth);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
        return await Api.ReadAsync(response, JitJsonContext.Default.IntrospectionResponse);
    }

    private async Task<HttpResponseMessage> PostFormAsync(string path, string form, AuthenticationHeaderValue? auth)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.Authorization = auth;
        return await _api.Http.SendAsync(request, Ct);
    }

    private static async Task<OAuthError> ReadErrorAsync(HttpResponseMessage response)
        => JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(Ct), JitJsonContext.Default.OAuthError)!;

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    private static AuthenticationHeaderValue Basic(string clientId, string secret)
        => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret))));

    private static string Sha256(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
