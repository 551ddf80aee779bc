using System.Net;
using JitTokens.Abstractions.Json;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JitTokens.Server.Tests.Tokens;

public abstract class TokenIssueTests(RedisServerFixture? redis) : ServerTestBase(redis)
{
    public sealed class InMemory() : TokenIssueTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : TokenIssueTests(redis);

    [Fact]
    public async Task Issue_AutoApprovedScope_Returns201BearerToken()
    {
        var (_, session) = await Api.StartAsync();

        using var response = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging", ttl: 600));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
        var issued = await Api.ReadAsync(response, JitJsonContext.Default.TokenIssued);
        Assert.Equal("Bearer", issued.TokenType);
        Assert.Equal(600, issued.ExpiresIn);
        Assert.Equal("db:read", issued.Scope);
        Assert.Equal("staging", issued.Environment);
        Assert.StartsWith("tok_", issued.TokenId);
        Assert.Equal(Factory.Time.GetUtcNow().AddSeconds(600).ToUnixTimeSeconds(), issued.ExpiresAt.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Issue_Token_HasExactlyTheRfc9068Claims()
    {
        var (_, session) = await Api.StartAsync();

        var issued = await Api.IssueAsync(session.SessionToken, "db:read", "staging", ttl: 120);

        var header = Jwt.Header(issued.AccessToken);
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
        Assert.False(string.IsNullOrEmpty(header.GetProperty("kid").GetString()));
        Assert.Equal(["act", "aud", "client_id", "env", "exp", "iat", "iss", "jti", "nbf", "purpose", "scope", "sid", "sub"], Jwt.ClaimNames(issued.AccessToken));
        var claims = Jwt.Payload(issued.AccessToken);
        Assert.Equal("http://jit.test", claims.GetProperty("iss").GetString());
        Assert.Equal("alice", claims.GetProperty("sub").GetString());
        Assert.Equal("cursor-42", claims.GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal("cursor-42", claims.GetProperty("client_id").GetString());
        Assert.Equal("https://staging.api.example.com", claims.GetProperty("aud").GetString());
        Assert.Equal("staging", claims.GetProperty("env").GetString());
        Assert.Equal("db:read", claims.GetProperty("scope").GetString());
        Assert.Equal(issued.TokenId, claims.GetProperty("jti").GetString());
        Assert.Equal(session.SessionId, claims.GetProperty("sid").GetString());
        Assert.Equal("apply migration 0042 for OPS-17", claims.GetProperty("purpose").GetString());
        Assert.Equal(claims.GetProperty("iat").GetInt64(), claims.GetProperty("nbf").GetInt64());
        Assert.Equal(claims.GetProperty("iat").GetInt64() + 120, claims.GetProperty("exp").GetInt64());
    }

    [Fact]
    public async Task Issue_WithTarget_CarriesTargetClaim()
    {
        var (_, session) = await Api.StartAsync();

        var issued = await Api.IssueAsync(session.SessionToken, "db:write", "staging", target: "orders-db");

        Assert.Equal("orders-db", Jwt.Payload(issued.AccessToken).GetProperty("target").GetString());
        Assert.DoesNotContain("use", Jwt.ClaimNames(issued.AccessToken));
    }

    [Fact]
    public async Task Issue_Token_VerifiesAgainstPublishedJwks()
    {
        var (_, session) = await Api.StartAsync();
        var issued = await Api.IssueAsync(session.SessionToken);

        var jwks = new JsonWebKeySet(await Api.Http.GetStringAsync("/.well-known/jwks.json"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(issued.AccessToken, new TokenValidationParameters
        {
            ValidIssuer = "http://jit.test",
            ValidAudience = "https://staging.api.example.com",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidTypes = ["at+jwt"],
            ValidAlgorithms = ["ES256"],
            LifetimeValidator = (_, _, _, _) => true, // the server runs on a manual clock
        });

        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    public async Task Issue_NoTtl_DefaultsToFiveMinutesOrScopeLimit()
    {
        var (_, session) = await Api.StartAsync();

        var read = await Api.IssueAsync(session.SessionToken, "db:read", "staging");

        Assert.Equal(300, read.ExpiresIn);
    }

    [Fact]
    public async Task Issue_TtlAtScopeLimit_IsAccepted()
    {
        var (_, session) = await Api.StartAsync();

        var issued = await Api.IssueAsync(session.SessionToken, "db:read", "production", ttl: 900);

        Assert.Equal(900, issued.ExpiresIn);
        Assert.Equal("https://api.example.com", Jwt.Payload(issued.AccessToken).GetProperty("aud").GetString());
    }

    [Fact]
    public async Task Issue_TtlPastSessionEnd_ExpiresWithTheSession()
    {
        var (_, session) = await Api.StartAsync(ttlSeconds: 600);
        Factory.Time.Advance(TimeSpan.FromSeconds(500));

        var issued = await Api.IssueAsync(session.SessionToken, "db:read", "staging", ttl: 3600);

        Assert.Equal(session.ExpiresAt, issued.ExpiresAt);
        Assert.Equal(100, issued.ExpiresIn);
        Assert.Equal(session.ExpiresAt.ToUnixTimeSeconds(), Jwt.Payload(issued.AccessToken).GetProperty("exp").GetInt64());
    }

    [Fact]
    public async Task Issue_TwoRequests_GetDistinctTokenIds()
    {
        var (_, session) = await Api.StartAsync();

        var a = await Api.IssueAsync(session.SessionToken);
        var b = await Api.IssueAsync(session.SessionToken);

        Assert.NotEqual(a.TokenId, b.TokenId);
        Assert.NotEqual(a.AccessToken, b.AccessToken);
    }
}
