namespace JitTokens.Validation.Issuer;

/// <summary>The part of <c>GET /v1/scopes</c> the library uses: each environment's audience.</summary>
internal sealed record CatalogDocument
{
    public Dictionary<string, CatalogEnvironmentDocument>? Environments { get; init; }
}
