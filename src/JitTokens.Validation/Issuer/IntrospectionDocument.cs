namespace JitTokens.Validation.Issuer;

/// <summary>The members of an RFC 7662 §2.2 answer the library uses.</summary>
internal sealed record IntrospectionDocument
{
    public bool Active { get; init; }

    public string? Jti { get; init; }
}
