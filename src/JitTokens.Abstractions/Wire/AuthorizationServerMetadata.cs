namespace JitTokens.Abstractions.Wire;

/// <summary>
/// <c>GET /.well-known/oauth-authorization-server</c> (RFC 8414 §2), plus the JitTokens
/// revocation feed.
/// </summary>
public sealed record AuthorizationServerMetadata
{
    /// <summary>The issuer identifier; equals the <c>iss</c> of every token.</summary>
    public required string Issuer { get; init; }

    /// <summary>Where the signing keys are published.</summary>
    public required string JwksUri { get; init; }

    /// <summary>The OAuth token endpoint (RFC 8693 token exchange).</summary>
    public required string TokenEndpoint { get; init; }

    /// <summary>RFC 7009 revocation.</summary>
    public required string RevocationEndpoint { get; init; }

    /// <summary>RFC 7662 introspection.</summary>
    public required string IntrospectionEndpoint { get; init; }

    /// <summary>The revocation feed for resource servers.</summary>
    public required string RevocationFeedEndpoint { get; init; }

    /// <summary>Every scope of the catalog.</summary>
    public required IReadOnlyList<string> ScopesSupported { get; init; }

    /// <summary>The grant types of the token endpoint.</summary>
    public required IReadOnlyList<string> GrantTypesSupported { get; init; }

    /// <summary>Empty: there is no authorization endpoint (RFC 8414 §2 requires the member).</summary>
    public required IReadOnlyList<string> ResponseTypesSupported { get; init; }
}
