namespace JitTokens.Core.Sessions;

/// <summary>How a session token is resolved.</summary>
internal enum SessionLookup
{
    /// <summary>Read the store; the session must be active.</summary>
    Fresh,

    /// <summary>The issuance hot path: the cache may answer, and the store re-checks the session atomically when the token is recorded.</summary>
    Cached,

    /// <summary>Read the store; an ended (but unexpired) session is returned too, so ending stays idempotent.</summary>
    IncludeEnded,
}
