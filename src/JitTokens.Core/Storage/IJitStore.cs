using JitTokens.Core.Escalations;
using JitTokens.Core.Sessions;
using JitTokens.Core.Tokens;

namespace JitTokens.Core.Storage;

/// <summary>
/// The issuer's state: sessions, minted tokens and escalations. Implemented in memory (dev mode)
/// and on Redis; both pass the same contract tests. Every multi-key change is atomic. Records
/// expire on their own (sessions at their end, tokens at their expiry) and reads never return
/// an expired record. Implementations throw <see cref="Errors.StoreUnavailableException"/> when
/// the backing store cannot answer.
/// </summary>
internal interface IJitStore
{
    /// <summary>Stores a new session, reachable by the hash of its token.</summary>
    Task CreateSessionAsync(SessionRecord session, string tokenHash, CancellationToken cancellationToken);

    /// <summary>The session whose token hashes to <paramref name="tokenHash"/>, ended or not; null when unknown or expired.</summary>
    Task<SessionRecord?> FindSessionByTokenHashAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>The session, ended or not; null when unknown or expired.</summary>
    Task<SessionRecord?> GetSessionAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Unexpired sessions, newest first, at most <paramref name="limit"/>; only <paramref name="owner"/>'s when given.</summary>
    Task<IReadOnlyList<SessionRecord>> ListSessionsAsync(string? owner, bool activeOnly, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the session at <paramref name="at"/>: revokes every live token it minted and cancels
    /// its undecided or unredeemed escalations, atomically. Idempotent.
    /// </summary>
    Task<SessionEndResult> EndSessionAsync(string sessionId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Records a minted token, atomically with the check that its session still exists and has not
    /// ended. False (and nothing stored) when the session is gone or ended. The issuance hot path:
    /// one round trip.
    /// </summary>
    Task<bool> AddTokenAsync(TokenRecord token, CancellationToken cancellationToken);

    /// <summary>The token record; null when unknown or expired.</summary>
    Task<TokenRecord?> GetTokenAsync(string tokenId, CancellationToken cancellationToken);

    /// <summary>Marks the token revoked. False when it is unknown, expired or was already revoked.</summary>
    Task<bool> RevokeTokenAsync(string tokenId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records a pending escalation, atomically with the same session check as <see cref="AddTokenAsync"/>.</summary>
    Task<bool> AddEscalationAsync(EscalationRecord escalation, CancellationToken cancellationToken);

    /// <summary>The escalation; null when unknown or past its retention.</summary>
    Task<EscalationRecord?> GetEscalationAsync(string escalationId, CancellationToken cancellationToken);

    /// <summary>Throws <see cref="Errors.StoreUnavailableException"/> unless the store answers and accepts writes.</summary>
    Task CheckWritableAsync(CancellationToken cancellationToken);
}
