namespace JitTokens.Abstractions.Wire;

/// <summary>Answer to <c>POST /v1/sessions</c> (201). The session token is shown only here, once.</summary>
public sealed record SessionStarted
{
    /// <summary>The session id (<c>ses_…</c>).</summary>
    public required string SessionId { get; init; }

    /// <summary>The opaque session token (<c>jits_…</c>, 256 random bits). Never shown again.</summary>
    public required string SessionToken { get; init; }

    /// <summary>The human who started the session.</summary>
    public required string Owner { get; init; }

    /// <summary>The agent the session is for.</summary>
    public required string Agent { get; init; }

    /// <summary>The environments the agent may ask tokens for.</summary>
    public required IReadOnlyList<string> Environments { get; init; }

    /// <summary>The scopes the agent may ask for.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>When the session ends by itself (RFC 3339 UTC).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Prints the record with <see cref="SessionToken"/> redacted, so logging it never leaks the credential.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder) => Redacted.PrintMembers(this, builder, nameof(SessionToken));
}
