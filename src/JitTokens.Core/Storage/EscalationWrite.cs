namespace JitTokens.Core.Storage;

/// <summary>The result of <see cref="IJitStore.UpdateEscalationAsync"/>.</summary>
internal enum EscalationWrite
{
    /// <summary>Stored, with the version incremented.</summary>
    Written,

    /// <summary>Nothing stored: the escalation is gone or changed since it was read. Read it again and decide again.</summary>
    Conflict,

    /// <summary>Nothing stored: a token was to be added but its session is unknown, expired or ended.</summary>
    SessionGone,
}
