namespace JitTokens.Core.Tokens;

/// <summary>What goes into an access token (DESIGN.md §3.8). Times are whole seconds.</summary>
internal readonly record struct AccessTokenClaims(
    string Owner,
    string Agent,
    string Audience,
    string Environment,
    string Scope,
    string TokenId,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string SessionId,
    string Purpose,
    string? Target,
    bool UseOnce,
    IReadOnlyList<string>? Approvers);
