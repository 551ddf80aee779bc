using System.Net;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Client.Tests.Support;

namespace JitTokens.Client.Tests;

/// <summary>What goes over the wire and how odd answers are read, against a hand-written HTTP fake.</summary>
public sealed class WireTests
{
    private const string IssuedBody = """{"access_token":"eyJa.eyJb.c","token_type":"Bearer","expires_in":300,"expires_at":"2026-11-22T10:05:00Z","scope":"db:read","environment":"staging","token_id":"tok_1"}""";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RequestToken_SendsSnakeCaseJsonWithoutNullsAndTheBearer()
    {
        var handler = StubHandler.Answering(HttpStatusCode.Created, IssuedBody);

        await handler.Client().RequestTokenAsync("jits_abc", new TokenRequest { Scope = "db:read", Environment = "staging", Purpose = "read orders for OPS-17", TtlSeconds = 120 }, Cancel);

        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://issuer.test/v1/tokens", request.RequestUri!.ToString());
        Assert.Equal("Bearer jits_abc", request.Headers.Authorization!.ToString());
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("""{"scope":"db:read","environment":"staging","purpose":"read orders for OPS-17","ttl_seconds":120}""", body);
    }

    [Fact]
    public async Task DryRun_PostsWithDryRunQuery()
    {
        var handler = StubHandler.Answering(HttpStatusCode.OK, """{"decision":"issue","max_ttl_seconds":300}""");

        var result = await handler.Client().DryRunAsync("jits_abc", new TokenRequest { Scope = "db:read" }, Cancel);

        Assert.Equal("http://issuer.test/v1/tokens?dry_run=true", handler.Requests[0].Request.RequestUri!.ToString());
        Assert.Equal(300, result.Value!.MaxTtlSeconds);
    }

    [Fact]
    public async Task Heartbeat_PostsTheWaitWithTheSessionToken()
    {
        var handler = StubHandler.Answering(HttpStatusCode.OK, """{"session_id":"ses_1","deadline":"2026-11-22T09:00:30Z"}""");

        var result = await handler.Client().HeartbeatAsync("jits_abc", 30, Cancel);

        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://issuer.test/v1/sessions/current/heartbeat", request.RequestUri!.ToString());
        Assert.Equal("Bearer jits_abc", request.Headers.Authorization!.ToString());
        Assert.Equal("""{"within_seconds":30}""", body);
        Assert.Equal(("ses_1", new DateTimeOffset(2026, 11, 22, 9, 0, 30, TimeSpan.Zero)), (result.Value!.SessionId, result.Value.Deadline));
    }

    [Theory]
    [InlineData("http://issuer.test/jit", "http://issuer.test/jit/v1/scopes")]
    [InlineData("http://issuer.test/jit/", "http://issuer.test/jit/v1/scopes")]
    [InlineData("http://issuer.test", "http://issuer.test/v1/scopes")]
    public async Task BaseAddressWithPath_KeepsThePath(string baseAddress, string expected)
    {
        var handler = StubHandler.Answering(HttpStatusCode.OK, """{"environments":{},"scopes":{}}""");

        await handler.Client(baseAddress).GetScopesAsync(Cancel);

        Assert.Equal(expected, handler.Requests[0].Request.RequestUri!.ToString());
    }

    [Fact]
    public async Task Ids_AreEscapedIntoOnePathSegment()
    {
        var handler = StubHandler.Answering(HttpStatusCode.NoContent);

        await handler.Client().RevokeTokenAsync("jits_abc", "tok/../x?y", Cancel);

        Assert.Equal("/v1/tokens/tok%2F..%2Fx%3Fy", handler.Requests[0].Request.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Answer_WithMembersThisVersionDoesNotKnow_IsStillRead()
    {
        var handler = StubHandler.Answering(HttpStatusCode.Created, IssuedBody.Replace("}", ""","issued_token_type":"urn:x","future":{"a":1}}""", StringComparison.Ordinal));

        var result = await handler.Client().RequestTokenAsync("jits_abc", new TokenRequest(), Cancel);

        Assert.True(result.IsSuccess, result.Problem?.Detail);
        Assert.Equal("tok_1", result.Value.Issued!.TokenId);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "text/html", ErrorCodes.Unavailable)]
    [InlineData(HttpStatusCode.NotFound, null, "application/json", ErrorCodes.InvalidRequest)]
    [InlineData(HttpStatusCode.TooManyRequests, "", "text/plain", ErrorCodes.RateLimited)]
    [InlineData(HttpStatusCode.ServiceUnavailable, """{"error":"unavailable","type":"urn:jittokens:error:unavailable","title":"t","status":503,"detail":"the issuance log is unavailable"}""", "application/problem+json", ErrorCodes.Unavailable)]
    public async Task ErrorAnswer_WithOrWithoutProblemBody_CarriesACode(HttpStatusCode status, string? body, string contentType, string code)
    {
        var handler = StubHandler.Answering(status, body, contentType);

        var result = await handler.Client().GetScopesAsync(Cancel);

        Assert.Equal(((int)status, code), (result.Status, result.Problem!.Error));
        Assert.False(string.IsNullOrEmpty(result.Problem.Detail));
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, "not json")]
    [InlineData(HttpStatusCode.OK, "{}")]
    [InlineData(HttpStatusCode.OK, "")]
    [InlineData(HttpStatusCode.NoContent, null)]
    public async Task SuccessAnswer_NotTheContractsShape_IsUnavailable(HttpStatusCode status, string? body)
    {
        var handler = StubHandler.Answering(status, body);

        var result = await handler.Client().StartSessionAsync("eyJa.eyJb.c", new StartSessionRequest(), Cancel);

        Assert.Equal(((int)status, ErrorCodes.Unavailable), (result.Status, result.Problem!.Error));
    }

    [Fact]
    public void ToString_NeverShowsTokens()
    {
        var issued = JsonSerializer.Deserialize(IssuedBody, Abstractions.Json.JitJsonContext.Default.TokenIssued)!;
        var outcome = TokenOutcome.FromIssued(issued);
        var result = JitResult.Success(outcome, 201);
        var login = JitResult.Success(new DevLoginResponse { Token = "eyJsecret.eyJsecret.sig" }, 200);

        Assert.Equal("TokenOutcome { Issued = tok_1 }", outcome.ToString());
        Assert.DoesNotContain("eyJ", result.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", login.ToString(), StringComparison.Ordinal);
        Assert.Equal("JitResult { Status = 200, IsSuccess = True }", login.ToString());
    }

    [Fact]
    public void Failure_ToStringShowsTheCode()
    {
        var result = JitResult.Failure<SessionView>(new Problem { Type = "urn:jittokens:error:invalid_session", Title = "Invalid session", Status = 401, Error = ErrorCodes.InvalidSession }, 401);

        Assert.Equal("JitResult { Status = 401, IsSuccess = False, Error = invalid_session }", result.ToString());
    }
}
