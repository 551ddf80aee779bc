using System.Net.Http.Headers;
using System.Net;
using System.Text;
using JitTokens.Abstractions;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Tokens;

/// <summary>
/// The "Bad input" list of issue 2: each gets its specific code and status, and stores nothing
/// (proved by ending the session in the store and finding no token or escalation).
/// </summary>
public abstract class BadInputTests(RedisServerFixture? redis) : ServerTestBase(redis)
{
    public sealed class InMemory() : BadInputTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : BadInputTests(redis);

    public static TheoryData<string, int, string> Bodies => new()
    {
        { """{"scope":"db:read","environment":"staging","purpose":"read orders for OPS-17","extra":1}""", 400, ErrorCodes.InvalidRequest },
        { """{"scope":"db:read","environment":"staging","purpose":"read orders for OPS-17","Scope":"db:write"}""", 400, ErrorCodes.InvalidRequest },
        { """{"scope":"db:read","scope":"db:write","environment":"staging","purpose":"read orders for OPS-17"}""", 400, ErrorCodes.InvalidRequest },
        { """{"scope":"db:read","environment":"staging","purpose":"read orders""", 400, ErrorCodes.InvalidRequest },
        { """not json""", 400, ErrorCodes.InvalidRequest },
        { """[]""", 400, ErrorCodes.InvalidRequest },
        { """null""", 400, ErrorCodes.InvalidRequest },
        { """{"scope":"db:read","environment":"staging","purpose":"read orders for OPS-17","ttl_seconds":"600"}""", 400, ErrorCodes.InvalidRequest },
        { """{"scope":"db:read","environment":"staging","purpose":"read orders for OPS-17","ttl_seconds":1.5}""", 400, ErrorCodes.InvalidRequest },
        { """{"scope":"db:read","environment":"staging","purpose":"read orders for OPS-17","ttl_seconds":99999999999}""", 400, ErrorCodes.InvalidRequest },
        { """{"scope":"db:read","environment":"staging","purpose":"read orders for OPS-17","ttl_seconds":0}""", 400, ErrorCodes.InvalidRequest },
        { """{"scope":"db:read","environment":"staging","purpose":"read orders for OPS-17","ttl_seconds":-5}""", 400, ErrorCodes.InvalidRequest },
        { """{"scope":"db:read","environment":"staging"}""", 400, ErrorCodes.InvalidRequest },
        { """{"scope":"db:read","environment":"staging","purpose":"short"}""", 400, ErrorCodes.InvalidRequest },
        { """{"scope":"db:read","environment":"staging","purpose":"        "}""", 400, ErrorCodes.InvalidRequest },
        { """{"scope":"db:read","environment":"staging","purpose":"two\nlines of purpose"}""", 400, ErrorCodes.InvalidRequest },
        { "{\"scope\":\"db:read\",\"environment\":\"staging\",\"purpose\":\"" + new string('x', 501) + "\"}", 400, ErrorCodes.InvalidRequest },
        { """{"scope":"db:read","environment":"staging","purpose":"read orders for OPS-17","target":""}""", 400, ErrorCodes.InvalidRequest },
        { "{\"scope\":\"db:read\",\"environment\":\"staging\",\"purpose\":\"read orders for OPS-17\",\"target\":\"" + new string('t', 201) + "\"}", 400, ErrorCodes.InvalidRequest },
        { """{"environment":"staging","purpose":"read orders for OPS-17"}""", 400, ErrorCodes.InvalidRequest },
        { """{"scope":"db:read","purpose":"read orders for OPS-17"}""", 400, ErrorCodes.InvalidRequest },
        { """{"scope":"db:read db:write","environment":"staging","purpose":"read orders for OPS-17"}""", 400, ErrorCodes.InvalidScope },
        { """{"scope":["db:read","db:write"],"environment":"staging","purpose":"read orders for OPS-17"}""", 400, ErrorCodes.InvalidScope },
        { """{"scope":["db:read"],"environment":"staging","purpose":"read orders for OPS-17"}""", 400, ErrorCodes.InvalidRequest },
        { """{"scope":[],"environment":"staging","purpose":"read orders for OPS-17"}""", 400, ErrorCodes.InvalidRequest },
        { """{"scope":"db:nope","environment":"staging","purpose":"read orders for OPS-17"}""", 400, ErrorCodes.InvalidScope },
        { """{"scope":"db:read","environment":"qa","purpose":"read orders for OPS-17"}""", 403, ErrorCodes.EnvironmentNotAllowed },
        { """{"scope":"backup:delete","environment":"staging","purpose":"read orders for OPS-17"}""", 403, ErrorCodes.ScopeNotAllowed },
        { """{"scope":"db:read","environment":"staging","purpose":"read orders for OPS-17","ttl_seconds":3601}""", 400, ErrorCodes.TtlTooLong },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Request_BadBody_ReturnsCodeAndStoresNothing(string body, int status, string code)
    {
        var (_, session) = await Api.StartAsync("\"staging\"");

        using var response = await Api.RequestTokenAsync(session.SessionToken, body);

        await Api.AssertProblemAsync(response, (HttpStatusCode)status, code);
        await Factory.AssertSessionStoredNothingAsync(session.SessionId);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    public async Task Request_WrongContentType_Returns415(string contentType)
    {
        var (_, session) = await Api.StartAsync("\"staging\"");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens") { Content = new StringContent(Api.TokenBody("db:read", "staging")) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.SessionToken);

        using var response = await Api.Http.SendAsync(request);

        await Api.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ErrorCodes.InvalidRequest);
        await Factory.AssertSessionStoredNothingAsync(session.SessionId);
    }

    [Fact]
    public async Task Request_NoContentType_Returns415()
    {
        var (_, session) = await Api.StartAsync("\"staging\"");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Api.TokenBody("db:read", "staging"))) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.SessionToken);

        using var response = await Api.Http.SendAsync(request);

        await Api.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Request_BodyOver16KiB_Returns413()
    {
        var (_, session) = await Api.StartAsync("\"staging\"");
        var body = "{\"scope\":\"db:read\",\"environment\":\"staging\",\"purpose\":\"" + new string('x', 17 * 1024) + "\"}";

        using var response = await Api.RequestTokenAsync(session.SessionToken, body);

        await Api.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
        await Factory.AssertSessionStoredNothingAsync(session.SessionId);
    }

    [Fact]
    public async Task Request_ChunkedBodyOver16KiB_Returns413()
    {
        var (_, session) = await Api.StartAsync("\"staging\"");
        var bytes = Encoding.UTF8.GetBytes("{\"scope\":\"db:read\",\"environment\":\"staging\",\"purpose\":\"" + new string('x', 20 * 1024) + "\"}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens") { Content = new StreamContent(new MemoryStream(bytes)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.SessionToken);

        using var response = await Api.Http.SendAsync(request);

        await Api.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
    }

    [Fact]
    public async Task Request_BodyOfExactly16KiB_IsRead()
    {
        var (_, session) = await Api.StartAsync("\"staging\"");
        var prefix = "{\"scope\":\"db:read\",\"environment\":\"staging\",\"purpose\":\"read orders for OPS-17\",\"target\":\"orders\"}";
        var body = prefix + new string(' ', 16 * 1024 - prefix.Length);

        using var response = await Api.RequestTokenAsync(session.SessionToken, body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Request_BadDryRunFlag_Returns400()
    {
        var (_, session) = await Api.StartAsync("\"staging\"");

        using var response = await Api.PostJsonAsync("/v1/tokens?dry_run=maybe", Api.TokenBody("db:read", "staging"), session.SessionToken);

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        await Factory.AssertSessionStoredNothingAsync(session.SessionId);
    }

    [Fact]
    public async Task Request_UnknownMember_DetailNamesItWithoutEchoingValues()
    {
        var (_, session) = await Api.StartAsync("\"staging\"");

        using var response = await Api.RequestTokenAsync(session.SessionToken, """{"scope":"db:read","environment":"staging","purpose":"read orders for OPS-17","password":"hunter2-secret"}""");

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        Assert.Contains("password", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", problem.Detail, StringComparison.Ordinal);
    }
}
