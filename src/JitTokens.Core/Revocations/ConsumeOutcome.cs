namespace JitTokens.Core.Revocations;

/// <summary>What <see cref="Storage.IJitStore.ConsumeTokenAsync"/> did.</summary>
internal enum ConsumeOutcome
{
    /// <summary>This call consumed the token: the one use it allows is this one.</summary>
    Consumed,

    /// <summary>The token was consumed before (by this call's rival, or earlier).</summary>
    AlreadyConsumed,

    /// <summary>The token is unknown, expired or revoked, or its session ended.</summary>
    NotLive,
}
