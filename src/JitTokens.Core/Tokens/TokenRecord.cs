namespace JitTokens.Core.Tokens;

/// <summary>A minted token as stored: everything but the JWT itself, which is never stored.</summary>
internal sealed record TokenRecord
{
    public required string Id { get; init; }

    public required string SessionId { get; init; }

    public required string Owner { get; init; }

    public required string Agent { get; init; }

    public required string Scope { get; init; }

    public required string Environment { get; init; }

    public string? Target { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public bool UseOnce { get; init; }

    /// <summary>Set by the store when the token was revoked.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Set by the store when a <c>use: "once"</c> token was consumed (introspection with <c>consume=true</c>).</summary>
    public DateTimeOffset? ConsumedAt { get; init; }

    /// <summary>The 201 answer (DESIGN.md §3.2) that hands out <paramref name="jwt"/>, the signed form of this record.</summary>
    public Abstractions.Wire.TokenIssued Issued(string jwt) => new()
    {
        AccessToken = jwt,
        TokenType = "Bearer",
        ExpiresIn = (int)(ExpiresAt - IssuedAt).TotalSeconds,
        ExpiresAt = ExpiresAt,
        Scope = Scope,
        Environment = Environment,
        TokenId = Id,
    };
}
