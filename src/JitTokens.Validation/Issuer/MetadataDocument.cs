namespace JitTokens.Validation.Issuer;

/// <summary>The members of <c>/.well-known/oauth-authorization-server</c> (RFC 8414 §2) the library uses.</summary>
internal sealed record MetadataDocument
{
    public string? Issuer { get; init; }

    public string? JwksUri { get; init; }

    public string? IntrospectionEndpoint { get; init; }

    public string? RevocationFeedEndpoint { get; init; }
}
