using System.Net;
using System.Text.Json;
using JitTokens.Abstractions.Json;
using JitTokens.Server.Tests.Infrastructure;

namespace JitTokens.Server.Tests.Discovery;

public sealed class DiscoveryTests : ServerTestBase
{
    [Fact]
    public async Task Metadata_HasRfc8414MembersFromTheIssuer()
    {
        using var response = await Api.Http.GetAsync("/.well-known/oauth-authorization-server");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var metadata = await Api.ReadAsync(response, JitJsonContext.Default.AuthorizationServerMetadata);
        Assert.Equal("http://jit.test", metadata.Issuer);
        Assert.Equal("http://jit.test/.well-known/jwks.json", metadata.JwksUri);
        Assert.Equal("http://jit.test/oauth/token", metadata.TokenEndpoint);
        Assert.Equal("http://jit.test/oauth/revoke", metadata.RevocationEndpoint);
        Assert.Equal("http://jit.test/oauth/introspect", metadata.IntrospectionEndpoint);
        Assert.Equal("http://jit.test/v1/revocations", metadata.RevocationFeedEndpoint);
        Assert.Contains("db:read", metadata.ScopesSupported);
        Assert.Contains("urn:ietf:params:oauth:grant-type:token-exchange", metadata.GrantTypesSupported);
    }

    [Fact]
    public async Task Jwks_PublishesOneP256KeyWithThumbprintKid()
    {
        using var response = await Api.Http.GetAsync("/.well-known/jwks.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age=300", response.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
        var jwks = await Api.ReadAsync(response, JitJsonContext.Default.JsonWebKeySet);
        var key = Assert.Single(jwks.Keys);
        Assert.Equal(("EC", "P-256", "ES256", "sig"), (key.Kty, key.Crv, key.Alg, key.Use));
        var thumbprint = new Microsoft.IdentityModel.Tokens.JsonWebKey(JsonSerializer.Serialize(new { kty = key.Kty, crv = key.Crv, x = key.X, y = key.Y })).ComputeJwkThumbprint();
        Assert.Equal(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(thumbprint), key.Kid);
        Assert.DoesNotContain("\"d\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scopes_ShowsCatalogWithoutApproverMembers()
    {
        using var response = await Api.Http.GetAsync("/v1/scopes");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var catalog = JsonSerializer.Deserialize(text, JitJsonContext.Default.CatalogView)!;
        Assert.Equal("https://api.example.com", catalog.Environments["production"].Audience);
        Assert.Equal(600, catalog.Scopes["db:write"].Environments["production"].MaxTtlSeconds);
        Assert.Equal("dba", catalog.Scopes["db:write"].Environments["production"].Approval!.Group);
        Assert.Null(catalog.Scopes["db:write"].Environments["staging"].Approval);
        Assert.True(catalog.Scopes["volume:delete"].Irreversible);
        Assert.Equal(2, catalog.Scopes["volume:delete"].Environments["production"].Approval!.Approvals);
        Assert.DoesNotContain("slack:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("carol", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_AndReady_Answer()
    {
        using var health = await Api.Http.GetAsync("/healthz");
        using var ready = await Api.Http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
