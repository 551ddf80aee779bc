namespace JitTokens.Core.Tokens;

/// <summary>The claims of an access token whose signature and issuer <see cref="AccessTokenReader"/> checked. Times are Unix seconds.</summary>
internal sealed record VerifiedAccessToken
{
    public required string TokenId { get; init; }

    public required string SessionId { get; init; }

    public string? Subject { get; init; }

    public string? ClientId { get; init; }

    public string? Audience { get; init; }

    public string? Environment { get; init; }

    public string? Scope { get; init; }

    public string? Target { get; init; }

    public string? Use { get; init; }

    public required long IssuedAt { get; init; }

    public required long NotBefore { get; init; }

    public required long Expires { get; init; }
}
