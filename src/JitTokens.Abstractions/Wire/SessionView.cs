namespace JitTokens.Abstractions.Wire;

/// <summary>A session as <c>GET /v1/sessions/current</c> and <c>GET /v1/sessions</c> show it: never its token.</summary>
public sealed record SessionView
{
    /// <summary>The session id (<c>ses_…</c>).</summary>
    public required string SessionId { get; init; }

    /// <summary>The human who started the session.</summary>
    public required string Owner { get; init; }

    /// <summary>The agent the session is for.</summary>
    public required string Agent { get; init; }

    /// <summary>The environments the agent may ask tokens for.</summary>
    public required IReadOnlyList<string> Environments { get; init; }

    /// <summary>The scopes the agent may ask for.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>Why the session was started.</summary>
    public required string Purpose { get; init; }

    /// <summary>When the session started.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the session ends by itself.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When the session was ended, if it was.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>True while the session can still be used: not ended and not expired.</summary>
    public required bool Active { get; init; }
}
