namespace JitTokens.Validation.Issuer;

/// <summary>An environment of the catalog: the <c>aud</c> of its tokens.</summary>
internal sealed record CatalogEnvironmentDocument
{
    public string? Audience { get; init; }
}
