namespace JitTokens.Core.Sessions;

/// <summary>A session resolved from its token; <see cref="TokenHash"/> identifies the token without holding it.</summary>
internal sealed record AuthenticatedSession(SessionRecord Session, string TokenHash);
