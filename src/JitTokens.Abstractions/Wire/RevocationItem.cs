namespace JitTokens.Abstractions.Wire;

/// <summary>One entry of the revocation feed (DESIGN.md §3.5): a revoked token, or an ended session (every token it minted).</summary>
public sealed record RevocationItem
{
    /// <summary><see cref="RevocationKinds.Token"/> or <see cref="RevocationKinds.Session"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The token id (<c>jti</c>) or the session id (<c>sid</c>).</summary>
    public required string Id { get; init; }

    /// <summary>When it was revoked.</summary>
    public required DateTimeOffset RevokedAt { get; init; }

    /// <summary>When the token (or the session, and so every token it minted) expires anyway: the entry is not needed after that.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Where this entry is in the feed: pass it as <c>after</c> (or <c>Last-Event-ID</c>) to read what follows.</summary>
    public required string Cursor { get; init; }
}
