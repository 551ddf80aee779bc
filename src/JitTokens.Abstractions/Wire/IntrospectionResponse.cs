namespace JitTokens.Abstractions.Wire;

/// <summary>
/// The answer of <c>POST /oauth/introspect</c> (RFC 7662, DESIGN.md §3.5). Only <see cref="Active"/> when the token
/// is not active; the token's claims otherwise.
/// </summary>
public sealed record IntrospectionResponse
{
    /// <summary>False for expired, revoked, consumed, ended-session or foreign tokens.</summary>
    public required bool Active { get; init; }

    /// <summary>The token's one scope.</summary>
    public string? Scope { get; init; }

    /// <summary>The agent the token was minted for.</summary>
    public string? ClientId { get; init; }

    /// <summary>The session owner, on whose behalf the agent acts.</summary>
    public string? Sub { get; init; }

    /// <summary>The environment's audience.</summary>
    public string? Aud { get; init; }

    /// <summary>Expiry, Unix seconds.</summary>
    public long? Exp { get; init; }

    /// <summary>Issued at, Unix seconds.</summary>
    public long? Iat { get; init; }

    /// <summary>The token id.</summary>
    public string? Jti { get; init; }

    /// <summary>The environment.</summary>
    public string? Env { get; init; }

    /// <summary>The session that minted the token.</summary>
    public string? Sid { get; init; }

    /// <summary>The token's <c>use</c> claim (<c>once</c>) when it has one.</summary>
    public string? Use { get; init; }

    /// <summary>The token's <c>target</c> when it names one.</summary>
    public string? Target { get; init; }

    /// <summary><c>token_type</c> (RFC 7662 §2.2): <c>Bearer</c> when active.</summary>
    public string? TokenType { get; init; }
}
