namespace JitTokens.Abstractions.Wire;

/// <summary>Answer to an auto-approved token request (201), shaped like an OAuth token response (RFC 6749 §5.1).</summary>
public sealed record TokenIssued
{
    /// <summary>The ES256 JWT access token (RFC 9068).</summary>
    public required string AccessToken { get; init; }

    /// <summary>Always <c>Bearer</c>.</summary>
    public required string TokenType { get; init; }

    /// <summary>Seconds until the token expires.</summary>
    public required int ExpiresIn { get; init; }

    /// <summary>When the token expires (RFC 3339 UTC).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The one scope the token carries.</summary>
    public required string Scope { get; init; }

    /// <summary>The environment the token is bound to.</summary>
    public required string Environment { get; init; }

    /// <summary>The token id (<c>jti</c>), for revocation and the log.</summary>
    public required string TokenId { get; init; }

    /// <summary>Prints the record with <see cref="AccessToken"/> redacted, so logging it never leaks the credential.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder) => Redacted.PrintMembers(this, builder, nameof(AccessToken));
}
