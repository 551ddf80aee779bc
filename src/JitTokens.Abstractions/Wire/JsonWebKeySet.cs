namespace JitTokens.Abstractions.Wire;

/// <summary><c>GET /.well-known/jwks.json</c> (RFC 7517 §5).</summary>
public sealed record JsonWebKeySet
{
    /// <summary>The published public keys.</summary>
    public required IReadOnlyList<PublicJsonWebKey> Keys { get; init; }
}
