namespace JitTokens.Abstractions.Wire;

/// <summary>An OAuth error answer (RFC 6749 §5.2): the <c>/oauth/*</c> endpoints answer these, not problem details (DESIGN.md §3.10).</summary>
public sealed record OAuthError
{
    /// <summary>The error code (RFC 6749 / RFC 7009 / DESIGN.md §3.9).</summary>
    public required string Error { get; init; }

    /// <summary>What went wrong, for the developer; never a credential.</summary>
    public string? ErrorDescription { get; init; }
}
