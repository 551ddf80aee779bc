using JitTokens.Abstractions.Wire;
using JitTokens.Core.Escalations;
using JitTokens.Core.Outbox;
using JitTokens.Core.Revocations;
using JitTokens.Core.Sessions;
using JitTokens.Core.Tokens;

namespace JitTokens.Core.Storage;

/// <summary>
/// The embedded store of dev mode: everything in process memory, one lock, lost on restart.
/// Expiry is logical (reads compare against the clock) plus a sweep on writes, so memory stays bounded.
/// </summary>
internal sealed class InMemoryJitStore(TimeProvider time) : IJitStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SessionRecord> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _sessionByHash = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _tokensBySession = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _escalationsBySession = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TokenRecord> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EscalationRecord> _escalations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _polls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OutboxMessage> _outbox = new(StringComparer.Ordinal);
    private readonly List<RevocationItem> _revocations = [];
    private readonly Dictionary<string, DateTimeOffset> _heartbeats = new(StringComparer.Ordinal);
    private RevocationCursor _lastRevocation = RevocationCursor.Start;
    private DateTimeOffset _nextSweep;

    public Task CreateSessionAsync(SessionRecord session, string tokenHash, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Sweep();
            _sessions[session.Id] = session with { EndedAt = null };
            _sessionByHash[tokenHash] = session.Id;
        }

        return Task.CompletedTask;
    }

    public Task<SessionRecord?> FindSessionByTokenHashAsync(string tokenHash, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_sessionByHash.TryGetValue(tokenHash, out var id) ? LiveSession(id) : null);
        }
    }

    public Task<SessionRecord?> GetSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(LiveSession(sessionId));
        }
    }

    public Task<IReadOnlyList<SessionRecord>> ListSessionsAsync(string? owner, bool activeOnly, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            IReadOnlyList<SessionRecord> list = [.. _sessions.Values
                .Where(s => s.ExpiresAt > now && (owner is null || s.Owner == owner) && (!activeOnly || s.EndedAt is null))
                .OrderByDescending(s => s.CreatedAt)
                .ThenBy(s => s.Id, StringComparer.Ordinal)
                .Take(limit)];
            return Task.FromResult(list);
        }
    }

    public Task<SessionEndResult> EndSessionAsync(string sessionId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (LiveSession(sessionId) is not { } session)
            {
                return Task.FromResult(SessionEndResult.NotFound);
            }

            if (session.EndedAt is not null)
            {
                return Task.FromResult(new SessionEndResult(session, true, [], []));
            }

            var ended = session with { EndedAt = at };
            _sessions[sessionId] = ended;
            _heartbeats.Remove(sessionId);
            var revoked = new List<string>();
            foreach (var id in _tokensBySession.GetValueOrDefault(sessionId) ?? [])
            {
                if (LiveToken(id) is { RevokedAt: null } token)
                {
                    _tokens[id] = token with { RevokedAt = at };
                    revoked.Add(id);
                }
            }

            var cancelled = new List<string>();
            foreach (var id in _escalationsBySession.GetValueOrDefault(sessionId) ?? [])
            {
                if (_escalations.TryGetValue(id, out var e) && e.Status is EscalationStatuses.Pending or EscalationStatuses.Approved && e.ExpiresAt > at)
                {
                    _escalations[id] = e with { Status = EscalationStatuses.Cancelled, Version = e.Version + 1 };
                    cancelled.Add(id);
                }
            }

            AddRevocation(RevocationKinds.Session, sessionId, at, session.ExpiresAt);
            return Task.FromResult(new SessionEndResult(ended, false, revoked, cancelled));
        }
    }

    public Task<bool> SetHeartbeatDeadlineAsync(string sessionId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (LiveSession(sessionId) is not { EndedAt: null })
            {
                return Task.FromResult(false);
            }

            _heartbeats[sessionId] = deadline;
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<string>> ListLapsedSessionsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var gone in _heartbeats.Keys.Where(id => LiveSession(id) is not { EndedAt: null }).ToList())
            {
                _heartbeats.Remove(gone);
            }

            IReadOnlyList<string> lapsed = [.. _heartbeats.Where(h => h.Value <= now).OrderBy(h => h.Value).ThenBy(h => h.Key, StringComparer.Ordinal).Take(limit).Select(h => h.Key)];
            return Task.FromResult(lapsed);
        }
    }

    public Task<bool> AddTokenAsync(TokenRecord token, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Sweep();
            if (LiveSession(token.SessionId) is not { EndedAt: null })
            {
                return Task.FromResult(false);
            }

            _tokens[token.Id] = token with { RevokedAt = null, ConsumedAt = null };
            Append(_tokensBySession, token.SessionId, token.Id);
            return Task.FromResult(true);
        }
    }

    public Task<TokenRecord?> GetTokenAsync(string tokenId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(LiveToken(tokenId));
        }
    }

    public Task<bool> RevokeTokenAsync(string tokenId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (LiveToken(tokenId) is not { RevokedAt: null } token)
            {
                return Task.FromResult(false);
            }

            _tokens[tokenId] = token with { RevokedAt = at };
            AddRevocation(RevocationKinds.Token, tokenId, at, token.ExpiresAt);
            return Task.FromResult(true);
        }
    }

    public Task<ConsumeOutcome> ConsumeTokenAsync(string tokenId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (LiveToken(tokenId) is not { RevokedAt: null } token || LiveSession(token.SessionId) is not { EndedAt: null })
            {
                return Task.FromResult(ConsumeOutcome.NotLive);
            }

            if (token.ConsumedAt is not null)
            {
                return Task.FromResult(ConsumeOutcome.AlreadyConsumed);
            }

            _tokens[tokenId] = token with { ConsumedAt = at };
            return Task.FromResult(ConsumeOutcome.Consumed);
        }
    }

    public Task<RevocationRead> ReadRevocationsAsync(RevocationCursor after, int limit, CancellationToken cancellationToken)
    {
        var liveAfter = time.GetUtcNow() - RevocationRead.Grace;
        lock (_gate)
        {
            // Binary search for the first entry after the cursor: the list is in cursor order.
            var (low, high) = (0, _revocations.Count);
            while (low < high)
            {
                var mid = (low + high) / 2;
                if (Cursor(_revocations[mid]) <= after)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }

            var items = new List<RevocationItem>();
            var next = after;
            for (var i = low; i < _revocations.Count && items.Count < limit && i - low < RevocationRead.ScanBudget; i++)
            {
                next = Cursor(_revocations[i]);
                if (_revocations[i].ExpiresAt > liveAfter)
                {
                    items.Add(_revocations[i]);
                }
            }

            return Task.FromResult(new RevocationRead(items, next));
        }
    }

    public Task<bool> AddEscalationAsync(EscalationRecord escalation, OutboxMessage? message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Sweep();
            if (LiveSession(escalation.SessionId) is not { EndedAt: null })
            {
                return Task.FromResult(false);
            }

            _escalations[escalation.Id] = escalation;
            Append(_escalationsBySession, escalation.SessionId, escalation.Id);
            if (message is not null)
            {
                _outbox[message.Id] = message;
            }

            return Task.FromResult(true);
        }
    }

    public Task<EscalationRecord?> GetEscalationAsync(string escalationId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(RetainedEscalation(escalationId));
        }
    }

    public Task<EscalationWrite> UpdateEscalationAsync(EscalationRecord updated, TokenRecord? token, OutboxMessage? message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (RetainedEscalation(updated.Id) is not { } current || current.Version != updated.Version)
            {
                return Task.FromResult(EscalationWrite.Conflict);
            }

            if (token is not null)
            {
                if (LiveSession(token.SessionId) is not { EndedAt: null })
                {
                    return Task.FromResult(EscalationWrite.SessionGone);
                }

                _tokens[token.Id] = token with { RevokedAt = null, ConsumedAt = null };
                Append(_tokensBySession, token.SessionId, token.Id);
            }

            _escalations[updated.Id] = updated with { Version = updated.Version + 1 };
            if (message is not null)
            {
                _outbox[message.Id] = message;
            }

            return Task.FromResult(EscalationWrite.Written);
        }
    }

    public Task<IReadOnlyList<EscalationRecord>> ListEscalationsAsync(string? sessionId, bool undecidedOnly, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            IEnumerable<string> ids = sessionId is null ? _escalations.Keys : _escalationsBySession.GetValueOrDefault(sessionId) ?? [];
            IReadOnlyList<EscalationRecord> list = [.. ids
                .Select(RetainedEscalation)
                .OfType<EscalationRecord>()
                .Where(e => !undecidedOnly || (e.Status == EscalationStatuses.Pending && e.ExpiresAt > now))
                .OrderByDescending(e => e.CreatedAt)
                .ThenBy(e => e.Id, StringComparer.Ordinal)
                .Take(Math.Max(0, limit))];
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<string>> ListDueEscalationsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<string> due = [.. _escalations.Values
                .Where(e => e.Status is EscalationStatuses.Pending or EscalationStatuses.Approved && e.ExpiresAt <= now && e.ExpiresAt + StoreRetention.Escalation > now)
                .OrderBy(e => e.ExpiresAt)
                .ThenBy(e => e.Id, StringComparer.Ordinal)
                .Take(Math.Max(0, limit))
                .Select(e => e.Id)];
            return Task.FromResult(due);
        }
    }

    public Task<DateTimeOffset?> RecordEscalationPollAsync(string escalationId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (RetainedEscalation(escalationId) is null)
            {
                return Task.FromResult<DateTimeOffset?>(null);
            }

            DateTimeOffset? previous = _polls.TryGetValue(escalationId, out var p) ? p : null;
            _polls[escalationId] = at;
            return Task.FromResult(previous);
        }
    }

    public Task EnqueueOutboxAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _outbox[message.Id] = message;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var id in _outbox.Values.Where(m => m.ExpiresAt <= now).Select(m => m.Id).ToList())
            {
                _outbox.Remove(id);
            }

            IReadOnlyList<OutboxMessage> claimed = [.. _outbox.Values
                .Where(m => m.DueAt <= now)
                .OrderBy(m => m.DueAt)
                .ThenBy(m => m.Id, StringComparer.Ordinal)
                .Take(Math.Max(0, limit))];
            foreach (var message in claimed)
            {
                _outbox[message.Id] = message with { DueAt = now + lease };
            }

            return Task.FromResult(claimed);
        }
    }

    public Task RescheduleOutboxAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_outbox.ContainsKey(message.Id))
            {
                _outbox[message.Id] = message;
            }
        }

        return Task.CompletedTask;
    }

    public Task CompleteOutboxAsync(string messageId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _outbox.Remove(messageId);
        }

        return Task.CompletedTask;
    }

    public Task CheckWritableAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private SessionRecord? LiveSession(string id)
        => _sessions.TryGetValue(id, out var s) && s.ExpiresAt > time.GetUtcNow() ? s : null;

    private EscalationRecord? RetainedEscalation(string id)
        => _escalations.TryGetValue(id, out var e) && e.ExpiresAt + StoreRetention.Escalation > time.GetUtcNow() ? e : null;

    private TokenRecord? LiveToken(string id)
        => _tokens.TryGetValue(id, out var t) && t.ExpiresAt > time.GetUtcNow() ? t : null;

    private static void Append(Dictionary<string, List<string>> index, string key, string value)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(value);
    }

    /// <summary>Drops expired records at most once a minute; called under the lock.</summary>
    /// <summary>Adds a feed entry; under <see cref="_gate"/>.</summary>
    private void AddRevocation(string kind, string id, DateTimeOffset at, DateTimeOffset expiresAt)
    {
        Sweep();
        _lastRevocation = RevocationCursor.Next(_lastRevocation, time.GetUtcNow());
        _revocations.Add(new RevocationItem { Kind = kind, Id = id, RevokedAt = at, ExpiresAt = expiresAt, Cursor = _lastRevocation.ToString() });
    }

    private static RevocationCursor Cursor(RevocationItem item)
        => RevocationCursor.TryParse(item.Cursor, out var cursor) ? cursor : throw new InvalidOperationException("a stored revocation has no cursor");

    private void Sweep()
    {
        var now = time.GetUtcNow();
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now.AddMinutes(1);
        _revocations.RemoveAll(r => r.ExpiresAt + RevocationRead.Grace <= now);
        foreach (var id in _sessions.Where(p => p.Value.ExpiresAt <= now).Select(p => p.Key).ToList())
        {
            _sessions.Remove(id);
            _tokensBySession.Remove(id);
        }

        foreach (var hash in _sessionByHash.Where(p => !_sessions.ContainsKey(p.Value)).Select(p => p.Key).ToList())
        {
            _sessionByHash.Remove(hash);
        }

        foreach (var id in _tokens.Where(p => p.Value.ExpiresAt <= now).Select(p => p.Key).ToList())
        {
            _tokens.Remove(id);
        }

        // Keep each session's index to tokens that may still be live, so ending a session stays proportional to them.
        foreach (var ids in _tokensBySession.Values)
        {
            ids.RemoveAll(id => !_tokens.ContainsKey(id));
        }

        foreach (var id in _escalations.Where(p => p.Value.ExpiresAt + StoreRetention.Escalation <= now).Select(p => p.Key).ToList())
        {
            _escalations.Remove(id);
            _polls.Remove(id);
        }

        // A session's escalations outlive it by their retention (they stay listable by session), so this
        // index is pruned by its escalations, not with the session.
        foreach (var (sessionId, ids) in _escalationsBySession.ToList())
        {
            ids.RemoveAll(id => !_escalations.ContainsKey(id));
            if (ids.Count == 0)
            {
                _escalationsBySession.Remove(sessionId);
            }
        }
    }
}
