namespace JitTokens.Validation.Issuer;

/// <summary>Where the issuer publishes what a resource server needs, from its discovery document.</summary>
internal sealed record IssuerEndpoints(Uri Jwks, Uri? Introspection, Uri RevocationFeed)
{
    /// <summary>The Server-Sent Events form of the feed: <c>{feed}/stream</c>.</summary>
    public Uri RevocationStream { get; } = new(RevocationFeed.AbsoluteUri.TrimEnd('/') + "/stream");
}
