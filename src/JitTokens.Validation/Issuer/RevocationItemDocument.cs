namespace JitTokens.Validation.Issuer;

/// <summary>One revocation: a token (<c>jti</c>) or an ended session (<c>sid</c>), needed until <see cref="ExpiresAt"/>.</summary>
internal sealed record RevocationItemDocument
{
    /// <summary><c>token</c> or <c>session</c>.</summary>
    public string? Kind { get; init; }

    public string? Id { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public string? Cursor { get; init; }
}
