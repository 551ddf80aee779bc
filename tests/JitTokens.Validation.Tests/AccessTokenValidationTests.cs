using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using JitTokens.Validation.Tests.Support;

namespace JitTokens.Validation.Tests;

/// <summary>
/// DESIGN.md §6 against the real issuer: what a resource server accepts (ES256, at+jwt, this
/// issuer, this environment's audience and env, in its lifetime) and the 401 it answers otherwise.
/// </summary>
public sealed class AccessTokenValidationTests(IssuerFixture fixture)
{
    private IssuerProcess Issuer => fixture.Issuer;

    [Fact]
    public async Task ValidToken_Passes_WithItsClaims()
    {
        var session = await fixture.Api.StartSessionAsync("staging");
        var token = await fixture.Api.MintAsync(session, "db:read", "staging");

        using var response = await fixture.Staging.GetAsync("/rows", token.AccessToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("rows for alice", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ValidToken_AudienceFromTheCatalog_And_PinnedInOptions_BothPass()
    {
        var session = await fixture.Api.StartSessionAsync("staging", "production");

        // Staging reads its audience from GET /v1/scopes; production has it pinned in its options.
        Assert.Equal(HttpStatusCode.OK, await fixture.Staging.StatusAsync("/rows", (await fixture.Api.MintAsync(session, "db:read", "staging")).AccessToken));
        Assert.Equal(HttpStatusCode.OK, await fixture.Production.StatusAsync("/rows", (await fixture.Api.MintAsync(session, "db:read", "production")).AccessToken));
    }

    [Fact]
    public async Task StagingToken_AtProduction_Is401()
    {
        var session = await fixture.Api.StartSessionAsync("staging");
        var token = await fixture.Api.MintAsync(session, "db:read", "staging");

        await AssertInvalidTokenAsync(fixture.Production, token.AccessToken, "not for audience https://api.example.com");
    }

    [Fact]
    public async Task EnvClaimOfAnotherEnvironment_WithThisAudience_Is401()
    {
        var claims = TokenForge.Claims(Issuer.Issuer, fixture.ProductionAudience, "staging");

        await AssertInvalidTokenAsync(fixture.Production, TokenForge.SignEs256(Issuer.Key, TokenForge.Header(fixture.Kid), claims), "not for environment production");
    }

    [Fact]
    public async Task AnotherAudience_Is401()
    {
        var claims = TokenForge.Claims(Issuer.Issuer, "https://elsewhere.example.com", "staging");

        await AssertInvalidTokenAsync(fixture.Staging, TokenForge.SignEs256(Issuer.Key, TokenForge.Header(fixture.Kid), claims), "not for audience");
    }

    [Fact]
    public async Task ForgedTokenSignedWithTheIssuersKey_Passes()
    {
        // The control for the forged cases below: only the one thing each changes makes them fail.
        var claims = TokenForge.Claims(Issuer.Issuer, fixture.StagingAudience, "staging");

        Assert.Equal(HttpStatusCode.OK, await fixture.Staging.StatusAsync("/rows", TokenForge.SignEs256(Issuer.Key, TokenForge.Header(fixture.Kid), claims)));
    }

    [Fact]
    public async Task Expired_BeyondTheSkew_Is401()
    {
        var claims = TokenForge.Claims(Issuer.Issuer, fixture.StagingAudience, "staging");
        var past = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds();
        claims["iat"] = past;
        claims["nbf"] = past;
        claims["exp"] = DateTimeOffset.UtcNow.AddSeconds(-31).ToUnixTimeSeconds();

        await AssertInvalidTokenAsync(fixture.Staging, TokenForge.SignEs256(Issuer.Key, TokenForge.Header(fixture.Kid), claims), "the token expired");
    }

    [Fact]
    public async Task ExpiredWithinTheSkew_Passes()
    {
        var claims = TokenForge.Claims(Issuer.Issuer, fixture.StagingAudience, "staging");
        var past = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds();
        claims["iat"] = past;
        claims["nbf"] = past;
        claims["exp"] = DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeSeconds();

        Assert.Equal(HttpStatusCode.OK, await fixture.Staging.StatusAsync("/rows", TokenForge.SignEs256(Issuer.Key, TokenForge.Header(fixture.Kid), claims)));
    }

    [Fact]
    public async Task NotYetValid_Is401()
    {
        var claims = TokenForge.Claims(Issuer.Issuer, fixture.StagingAudience, "staging");
        claims["nbf"] = DateTimeOffset.UtcNow.AddMinutes(2).ToUnixTimeSeconds();
        claims["exp"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();

        await AssertInvalidTokenAsync(fixture.Staging, TokenForge.SignEs256(Issuer.Key, TokenForge.Header(fixture.Kid), claims), "not valid yet");
    }

    [Fact]
    public async Task TamperedClaims_KeepingTheSignature_Is401()
    {
        var session = await fixture.Api.StartSessionAsync("staging");
        var token = await fixture.Api.MintAsync(session, "db:read", "staging");
        var claims = TokenForge.ClaimsOf(token.AccessToken);
        claims["scope"] = "db:write";

        await AssertInvalidTokenAsync(fixture.Staging, TokenForge.WithClaims(token.AccessToken, claims), "signature is invalid");
    }

    [Fact]
    public async Task TamperedSignature_Is401()
    {
        var session = await fixture.Api.StartSessionAsync("staging");
        var token = (await fixture.Api.MintAsync(session, "db:read", "staging")).AccessToken;
        var flipped = token[..^4] + (token[^4] == 'A' ? 'B' : 'A') + token[^3..];

        await AssertInvalidTokenAsync(fixture.Staging, flipped, "signature is invalid");
    }

    [Fact]
    public async Task SignedByAnotherKey_WithTheIssuersKid_Is401()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var claims = TokenForge.Claims(Issuer.Issuer, fixture.StagingAudience, "staging");

        await AssertInvalidTokenAsync(fixture.Staging, TokenForge.SignEs256(other, TokenForge.Header(fixture.Kid), claims), "signature is invalid");
    }

    [Fact]
    public async Task SignedByAnUnpublishedKey_Is401()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var claims = TokenForge.Claims(Issuer.Issuer, fixture.StagingAudience, "staging");

        await AssertInvalidTokenAsync(fixture.Staging, TokenForge.SignEs256(other, TokenForge.Header("not-a-published-kid"), claims), "key the issuer does not publish");
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("ES384")]
    [InlineData("RS256")]
    public async Task AlgorithmOtherThanES256_Is401(string alg)
    {
        // HS256 keyed with the public key's bytes: the classic algorithm-confusion attack.
        var claims = TokenForge.Claims(Issuer.Issuer, fixture.StagingAudience, "staging");
        var token = TokenForge.SignHs256(Encoding.UTF8.GetBytes(Issuer.Key.ExportSubjectPublicKeyInfoPem()), TokenForge.Header(fixture.Kid, alg), claims);

        await AssertInvalidTokenAsync(fixture.Staging, token, "only ES256");
    }

    [Fact]
    public async Task AlgorithmNone_Is401()
    {
        var claims = TokenForge.Claims(Issuer.Issuer, fixture.StagingAudience, "staging");

        await AssertInvalidTokenAsync(fixture.Staging, TokenForge.SignNone(TokenForge.Header(fixture.Kid, "none"), claims), "only ES256");
    }

    [Theory]
    [InlineData("JWT")]
    [InlineData("jwt")]
    [InlineData("id_token+jwt")]
    public async Task TypOtherThanAtJwt_SignedByTheIssuersKey_Is401(string typ)
    {
        var claims = TokenForge.Claims(Issuer.Issuer, fixture.StagingAudience, "staging");

        await AssertInvalidTokenAsync(fixture.Staging, TokenForge.SignEs256(Issuer.Key, TokenForge.Header(fixture.Kid, typ: typ), claims), "not an access token");
    }

    [Fact]
    public async Task AnotherIssuer_Is401()
    {
        var claims = TokenForge.Claims("https://jit.attacker.example", fixture.StagingAudience, "staging");

        await AssertInvalidTokenAsync(fixture.Staging, TokenForge.SignEs256(Issuer.Key, TokenForge.Header(fixture.Kid), claims), "another issuer");
    }

    [Theory]
    [InlineData("jti")]
    [InlineData("sid")]
    [InlineData("scope")]
    public async Task WithoutAClaimEveryJitTokenHas_Is401(string claim)
    {
        var claims = TokenForge.Claims(Issuer.Issuer, fixture.StagingAudience, "staging");
        claims.Remove(claim);

        await AssertInvalidTokenAsync(fixture.Staging, TokenForge.SignEs256(Issuer.Key, TokenForge.Header(fixture.Kid), claims), "lacks jti, sid or scope");
    }

    [Fact]
    public async Task SessionToken_Is401_NeverAnAccessToken()
    {
        var session = await fixture.Api.StartSessionAsync("staging");

        await AssertInvalidTokenAsync(fixture.Staging, session.Token, "session token");
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.e30.sig.extra.part")]
    public async Task Malformed_Is401(string token)
        => await AssertInvalidTokenAsync(fixture.Staging, token, "not a signed JWT");

    [Fact]
    public async Task NoToken_Is401_WithABareChallenge()
    {
        using var response = await fixture.Staging.GetAsync("/rows", null);

        // RFC 6750 §3.1: a request without credentials gets no error code.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().ToString());
    }

    [Fact]
    public async Task AnonymousEndpoint_IgnoresAnInvalidToken()
        => Assert.Equal(HttpStatusCode.OK, await fixture.Staging.StatusAsync("/public", "not-a-jwt"));

    [Fact]
    public async Task AccessTokens_AreNeverLogged()
    {
        var session = await fixture.Api.StartSessionAsync("staging");
        var token = await fixture.Api.MintAsync(session, "db:read", "staging");
        var tampered = token.AccessToken[..^4] + "AAAA";
        await fixture.Staging.StatusAsync("/rows", token.AccessToken);
        await fixture.Staging.StatusAsync("/rows", tampered);
        await fixture.Staging.StatusAsync("/rows", session.Token);

        var signature = token.AccessToken.Split('.')[2];
        Assert.DoesNotContain(fixture.Staging.Logs.Lines, line => line.Contains(signature, StringComparison.Ordinal) || line.Contains(session.Token, StringComparison.Ordinal));
        Assert.Contains(fixture.Staging.Logs.Lines, line => line.Contains("RequestRejected", StringComparison.Ordinal) && line.Contains(JitRejectionReasons.SessionToken, StringComparison.Ordinal));
    }

    internal static async Task AssertInvalidTokenAsync(ResourceServer server, string token, string description)
    {
        using var response = await server.GetAsync("/rows", token);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.StartsWith("error=\"invalid_token\", error_description=\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains(description, challenge.Parameter, StringComparison.Ordinal);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("invalid_token", problem["error"]!.GetValue<string>());
        Assert.Equal(401, problem["status"]!.GetValue<int>());
    }
}
