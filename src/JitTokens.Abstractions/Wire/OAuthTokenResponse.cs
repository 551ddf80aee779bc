namespace JitTokens.Abstractions.Wire;

/// <summary>A successful <c>POST /oauth/token</c> (RFC 8693 §2.2.1, DESIGN.md §3.10).</summary>
public sealed record OAuthTokenResponse
{
    /// <summary>The access token (an RFC 9068 JWT).</summary>
    public required string AccessToken { get; init; }

    /// <summary><c>urn:ietf:params:oauth:token-type:access_token</c>.</summary>
    public required string IssuedTokenType { get; init; }

    /// <summary><c>Bearer</c>.</summary>
    public required string TokenType { get; init; }

    /// <summary>Seconds until the token expires.</summary>
    public required int ExpiresIn { get; init; }

    /// <summary>The token's one scope.</summary>
    public required string Scope { get; init; }
}
