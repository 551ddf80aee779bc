using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Catalog;
using JitTokens.Core.Keys;
using JitTokens.Core.Tokens;

namespace JitTokens.Server.Endpoints;

/// <summary>DESIGN.md §3.7: RFC 8414 metadata, the JWKS and the catalog. No credentials needed.</summary>
internal static class DiscoveryEndpoints
{
    /// <summary>Resource servers may cache the JWKS this long; new keys are published at least this long before they sign (see ops/rotate-key).</summary>
    public const int JwksMaxAgeSeconds = 300;

    public static void MapDiscoveryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/oauth-authorization-server", (AccessTokenMinter minter, ScopeCatalog catalog) =>
            TypedResults.Json(Metadata(minter.Issuer, catalog), JitJson.Context.AuthorizationServerMetadata));

        app.MapGet("/.well-known/jwks.json", (HttpContext context, SigningKeyRing keys) =>
        {
            context.Response.Headers.CacheControl = $"public, max-age={JwksMaxAgeSeconds}";
            return TypedResults.Json(keys.Current.Jwks, JitJson.Context.JsonWebKeySet, "application/jwk-set+json");
        });

        // The catalog is immutable once loaded, so its view is built once.
        var catalogView = app.ServiceProvider.GetRequiredService<ScopeCatalog>().ToView();
        app.MapGet("/v1/scopes", () => TypedResults.Json(catalogView, JitJson.Context.CatalogView));
    }

    private static AuthorizationServerMetadata Metadata(string issuer, ScopeCatalog catalog) => new()
    {
        Issuer = issuer,
        JwksUri = issuer + "/.well-known/jwks.json",
        TokenEndpoint = issuer + "/oauth/token",
        RevocationEndpoint = issuer + "/oauth/revoke",
        IntrospectionEndpoint = issuer + "/oauth/introspect",
        RevocationFeedEndpoint = issuer + "/v1/revocations",
        ScopesSupported = catalog.ScopeNames,
        GrantTypesSupported = ["urn:ietf:params:oauth:grant-type:token-exchange", "urn:openid:params:grant-type:ciba"],
        ResponseTypesSupported = [],
    };
}
