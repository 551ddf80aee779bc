namespace JitTokens.Abstractions.Wire;

/// <summary>A public P-256 signing key (RFC 7517, RFC 7518 §6.2).</summary>
public sealed record PublicJsonWebKey
{
    /// <summary>Always <c>EC</c>.</summary>
    public required string Kty { get; init; }

    /// <summary>Always <c>P-256</c>.</summary>
    public required string Crv { get; init; }

    /// <summary>The x coordinate, base64url.</summary>
    public required string X { get; init; }

    /// <summary>The y coordinate, base64url.</summary>
    public required string Y { get; init; }

    /// <summary>The key id: the RFC 7638 thumbprint.</summary>
    public required string Kid { get; init; }

    /// <summary>Always <c>sig</c>.</summary>
    public required string Use { get; init; }

    /// <summary>Always <c>ES256</c>.</summary>
    public required string Alg { get; init; }
}
