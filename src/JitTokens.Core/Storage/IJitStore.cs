using JitTokens.Core.Escalations;
using JitTokens.Core.Outbox;
using JitTokens.Core.Revocations;
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
    /// Ends the session at <paramref name="at"/>: revokes every live token it minted, cancels
    /// its undecided or unredeemed escalations (status <c>cancelled</c>, version + 1, no longer due
    /// for the expiry sweep) and adds a <c>session</c> entry to the revocation feed (until the session's
    /// expiry, which no token of it outlives), atomically. Idempotent: only the first call adds the entry.
    /// </summary>
    Task<SessionEndResult> EndSessionAsync(string sessionId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Arms (or moves) the session's heartbeat deadline: if it passes before the next call, the session is listed by
    /// <see cref="ListLapsedSessionsAsync"/> to be ended. False (nothing stored) when the session is unknown, expired or ended.
    /// </summary>
    Task<bool> SetHeartbeatDeadlineAsync(string sessionId, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>Ids of live sessions whose heartbeat deadline is at or before <paramref name="now"/>, at most <paramref name="limit"/>, soonest first.</summary>
    Task<IReadOnlyList<string>> ListLapsedSessionsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Records a minted token, atomically with the check that its session still exists and has not
    /// ended. False (and nothing stored) when the session is gone or ended. The issuance hot path:
    /// one round trip.
    /// </summary>
    Task<bool> AddTokenAsync(TokenRecord token, CancellationToken cancellationToken);

    /// <summary>The token record; null when unknown or expired.</summary>
    Task<TokenRecord?> GetTokenAsync(string tokenId, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the token revoked and, atomically with it, adds a <c>token</c> entry to the revocation feed.
    /// False (and no entry) when it is unknown, expired or was already revoked.
    /// </summary>
    Task<bool> RevokeTokenAsync(string tokenId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a live, unrevoked token of a live session consumed, if nobody did before: of any number of
    /// concurrent callers exactly one gets <see cref="ConsumeOutcome.Consumed"/>.
    /// </summary>
    Task<ConsumeOutcome> ConsumeTokenAsync(string tokenId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// The revocation feed after <paramref name="after"/>, oldest first, at most <paramref name="limit"/> live entries
    /// (examining at most <see cref="RevocationRead.ScanBudget"/>). Entries are added by <see cref="RevokeTokenAsync"/>
    /// and <see cref="EndSessionAsync"/>, are served until <see cref="RevocationRead.Grace"/> after their <c>expires_at</c>
    /// and may be dropped after that; their cursors only ever grow.
    /// </summary>
    Task<RevocationRead> ReadRevocationsAsync(RevocationCursor after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Records a pending escalation, atomically with the same session check as <see cref="AddTokenAsync"/>
    /// and with <paramref name="message"/> (its chat notification) when given: both or neither.
    /// </summary>
    Task<bool> AddEscalationAsync(EscalationRecord escalation, OutboxMessage? message, CancellationToken cancellationToken);

    /// <summary>The escalation, with its current <see cref="EscalationRecord.Version"/>; null when unknown or past its retention.</summary>
    Task<EscalationRecord?> GetEscalationAsync(string escalationId, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-set: replaces the stored escalation with <paramref name="updated"/> if the stored
    /// version is still <c>updated.Version</c>, storing it as version + 1. The escalation's expiry
    /// may move (an approval restarts the clock); its retention follows. Atomically with the write:
    /// when <paramref name="token"/> is given it is recorded exactly as <see cref="AddTokenAsync"/>
    /// would (and nothing is written when the session is not live); when <paramref name="message"/>
    /// is given it is enqueued. Two writers that read the same version: exactly one succeeds.
    /// </summary>
    Task<EscalationWrite> UpdateEscalationAsync(EscalationRecord updated, TokenRecord? token, OutboxMessage? message, CancellationToken cancellationToken);

    /// <summary>
    /// Escalations newest first, at most <paramref name="limit"/>: the session's when
    /// <paramref name="sessionId"/> is given, otherwise all within retention. With
    /// <paramref name="undecidedOnly"/>, only those whose stored status is <c>pending</c> and that have not expired.
    /// </summary>
    Task<IReadOnlyList<EscalationRecord>> ListEscalationsAsync(string? sessionId, bool undecidedOnly, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Ids of escalations whose stored status is still <c>pending</c> or <c>approved</c> but whose
    /// expiry is at or before <paramref name="now"/>, oldest expiry first, at most <paramref name="limit"/>:
    /// the work list of the expiry sweep.
    /// </summary>
    Task<IReadOnlyList<string>> ListDueEscalationsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the agent polled the escalation at <paramref name="at"/> and returns the previous
    /// poll, if any (for <c>slow_down</c>). Does not change the escalation's version. Null also when the escalation is unknown.
    /// </summary>
    Task<DateTimeOffset?> RecordEscalationPollAsync(string escalationId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Adds a message to the chat outbox.</summary>
    Task EnqueueOutboxAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="limit"/> messages due at <paramref name="now"/> (oldest due first):
    /// each returned message stays invisible to other claims for <paramref name="lease"/>, so two server
    /// instances do not deliver it at once. Messages past their <see cref="OutboxMessage.ExpiresAt"/> are dropped.
    /// The returned records are as stored before the lease (their <see cref="OutboxMessage.DueAt"/> is the old one).
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken);

    /// <summary>Replaces a claimed message (new <see cref="OutboxMessage.DueAt"/> and <see cref="OutboxMessage.Attempts"/>) if it is still in the outbox.</summary>
    Task RescheduleOutboxAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>Removes a delivered message. Idempotent.</summary>
    Task CompleteOutboxAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Throws <see cref="Errors.StoreUnavailableException"/> unless the store answers and accepts writes.</summary>
    Task CheckWritableAsync(CancellationToken cancellationToken);
}
