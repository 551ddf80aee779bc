namespace JitTokens.Core.Sessions;

/// <summary>What ending a session did. <see cref="Session"/> is null when no such session exists.</summary>
internal sealed record SessionEndResult(
    SessionRecord? Session,
    bool AlreadyEnded,
    IReadOnlyList<string> RevokedTokenIds,
    IReadOnlyList<string> CancelledEscalationIds)
{
    public static SessionEndResult NotFound { get; } = new(null, false, [], []);
}
