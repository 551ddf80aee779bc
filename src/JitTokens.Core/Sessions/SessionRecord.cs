using System.Collections.Immutable;

namespace JitTokens.Core.Sessions;

/// <summary>A session as stored: a grant from <see cref="Owner"/> to <see cref="Agent"/>. Never holds the session token.</summary>
internal sealed record SessionRecord
{
    public required string Id { get; init; }

    public required string Owner { get; init; }

    public required string Agent { get; init; }

    public required ImmutableArray<string> Environments { get; init; }

    public required ImmutableArray<string> Scopes { get; init; }

    public required string Purpose { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Set once the session was ended; the store sets it, never the caller.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    public bool IsActiveAt(DateTimeOffset now) => EndedAt is null && now < ExpiresAt;
}
