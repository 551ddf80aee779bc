using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Server.Tests.Infrastructure;

namespace JitTokens.Server.Tests.Limits;

/// <summary>
/// The size limits of README "Limits" that no other suite pins at their edge: the longest value accepted, and one more refused.
/// (Bodies, purpose 8–500, target, comments, TTLs, heartbeats and most list limits have their own tests.)
/// </summary>
public sealed class SizeLimitTests() : ServerTestBase(null)
{
    [Theory]
    [InlineData(64, HttpStatusCode.Created)]
    [InlineData(65, HttpStatusCode.BadRequest)]
    public async Task Agent_UpTo64Characters(int length, HttpStatusCode expected)
    {
        var human = await Api.LoginAsync("alice", JitRoles.Requester);

        using var response = await Api.PostJsonAsync("/v1/sessions", $$"""{"agent":"{{new string('a', length)}}","environments":["staging"],"purpose":"fix flaky checkout test"}""", human);

        Assert.True(expected == response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PurposeOf8And500_AndTargetOf200_AreAccepted()
    {
        var (_, session) = await Api.StartAsync();

        using var shortest = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging", purpose: "OPS-1742"));
        using var longest = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging", purpose: new string('p', 500), target: new string('t', 200)));

        Assert.Equal(HttpStatusCode.Created, shortest.StatusCode);
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
    }

    [Theory]
    [InlineData(128, HttpStatusCode.OK)]
    [InlineData(129, HttpStatusCode.BadRequest)]
    public async Task HumanName_UpTo128Characters(int length, HttpStatusCode expected)
    {
        using var response = await Api.PostJsonAsync("/dev/login", $$"""{"user":"{{new string('u', length)}}"}""", null);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("?limit=500", HttpStatusCode.OK)]
    [InlineData("?limit=501", HttpStatusCode.BadRequest)]
    [InlineData("?limit=0", HttpStatusCode.BadRequest)]
    public async Task EscalationList_LimitUpTo500(string query, HttpStatusCode expected)
    {
        var (_, session) = await Api.StartAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, "/v1/escalations" + query, session.SessionToken);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("0000000000000000000001-0000000000000001", HttpStatusCode.OK)]
    [InlineData("00000000000000000000001-0000000000000001", HttpStatusCode.BadRequest)]
    public async Task RevocationCursor_UpTo39Characters(string cursor, HttpStatusCode expected)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, "/v1/revocations?after=" + cursor, null);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task OAuthTokenForm_Over16KiB_Is413_AsOAuthErrorJson()
    {
        var (_, session) = await Api.StartAsync();
        var form = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token=" + session.SessionToken + "&purpose=" + new string('p', 16 * 1024);

        using var response = await PostFormAsync("/oauth/token", form, null);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ErrorCodes.PayloadTooLarge, JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), JitJsonContext.Default.OAuthError)!.Error);
    }

    [Fact]
    public async Task AccessTokenOver8192Characters_IsNotOneOfOurs_InactiveAndNothingToRevoke()
    {
        var (_, session) = await Api.StartAsync();
        var token = await Api.IssueAsync(session.SessionToken);
        var auditor = await Api.LoginAsync("audrey", JitRoles.Auditor);
        var padded = token.AccessToken + new string('A', 8193 - token.AccessToken.Length);

        using var introspected = await PostFormAsync("/oauth/introspect", "token=" + padded, new AuthenticationHeaderValue("Bearer", auditor));
        using var revoked = await PostFormAsync("/oauth/revoke", "token=" + padded, new AuthenticationHeaderValue("Bearer", session.SessionToken));

        Assert.Equal(HttpStatusCode.OK, introspected.StatusCode);
        Assert.False((await Api.ReadAsync(introspected, JitJsonContext.Default.IntrospectionResponse)).Active);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.DoesNotContain(Factory.AuditLines(), l => l.Contains(AuditEventTypes.TokenRevoked, StringComparison.Ordinal));
    }

    private Task<HttpResponseMessage> PostFormAsync(string path, string form, AuthenticationHeaderValue? auth)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.Authorization = auth;
        return Api.Http.SendAsync(request);
    }
}
