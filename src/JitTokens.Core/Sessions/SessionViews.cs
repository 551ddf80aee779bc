using JitTokens.Abstractions.Wire;

namespace JitTokens.Core.Sessions;

/// <summary>Maps stored sessions to what the API shows.</summary>
internal static class SessionViews
{
    public static SessionView ToView(this SessionRecord s, DateTimeOffset now) => new()
    {
        SessionId = s.Id,
        Owner = s.Owner,
        Agent = s.Agent,
        Environments = s.Environments,
        Scopes = s.Scopes,
        Purpose = s.Purpose,
        CreatedAt = s.CreatedAt,
        ExpiresAt = s.ExpiresAt,
        EndedAt = s.EndedAt,
        Active = s.IsActiveAt(now),
    };
}
