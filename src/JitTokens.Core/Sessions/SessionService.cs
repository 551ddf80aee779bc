using System.Collections.Immutable;
using System.Diagnostics;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Audit;
using JitTokens.Core.Catalog;
using JitTokens.Core.Errors;
using JitTokens.Core.Humans;
using JitTokens.Core.Limits;
using JitTokens.Core.Options;
using JitTokens.Core.Outbox;
using JitTokens.Core.Storage;
using JitTokens.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace JitTokens.Core.Sessions;

/// <summary>Starting, resolving, listing and ending sessions (DESIGN.md §3.1).</summary>
internal sealed class SessionService(
    IJitStore store,
    ScopeCatalog catalog,
    IAuditSink audit,
    SessionCache cache,
    EscalationOutbox outbox,
    RateLimits limits,
    TimeProvider time,
    IOptions<JitTokensOptions> options,
    JitMetrics metrics)
{
    public const int MaxListLimit = 1000;
    private readonly JitTokensOptions _options = options.Value;

    public async Task<Result<SessionStarted>> StartAsync(Human human, StartSessionRequest request, CallerContext caller, CancellationToken cancellationToken)
    {
        if (!human.CanStartSessions)
        {
            return JitError.AccessDenied($"starting a session needs the {JitRoles.Requester} role");
        }

        var checkedRequest = Check(request);
        if (!checkedRequest.IsSuccess)
        {
            return checkedRequest.Error!;
        }

        var (environments, scopes, ttl) = checkedRequest.Value;
        var now = time.GetUtcNow();
        var createdAt = Seconds.Truncate(now);
        var session = new SessionRecord
        {
            Id = Ids.NewSessionId(),
            Owner = human.Name,
            Agent = request.Agent!,
            Environments = environments,
            Scopes = scopes,
            Purpose = request.Purpose!.Trim(),
            CreatedAt = createdAt,
            ExpiresAt = createdAt.AddSeconds(ttl),
        };
        var (token, hash) = SessionToken.Create();
        await store.CreateSessionAsync(session, hash, cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(AuditEvents.ForSession(AuditEventTypes.SessionStarted, now, human.Name, session, caller) with
        {
            Purpose = session.Purpose,
            TtlSeconds = ttl,
            Environment = string.Join(' ', environments),
            Scope = string.Join(' ', scopes),
        }, cancellationToken).ConfigureAwait(false);
        return new SessionStarted
        {
            SessionId = session.Id,
            SessionToken = token,
            Owner = session.Owner,
            Agent = session.Agent,
            Environments = session.Environments,
            Scopes = session.Scopes,
            ExpiresAt = session.ExpiresAt,
        };
    }

    /// <summary>
    /// Resolves a bearer credential to its session. Anything else (missing, not a session token,
    /// unknown, expired, ended) is <c>invalid_session</c>; presented credentials that fail are audited.
    /// </summary>
    public async Task<Result<AuthenticatedSession>> AuthenticateAsync(string? credential, SessionLookup lookup, CallerContext caller, CancellationToken cancellationToken)
    {
        using var span = JitTelemetry.Start(JitTelemetry.Spans.Authenticate);
        if (string.IsNullOrEmpty(credential))
        {
            return JitError.InvalidSession("send the session token as Authorization: Bearer jits_…");
        }

        if (!SessionToken.IsWellFormed(credential))
        {
            var what = credential.StartsWith("eyJ", StringComparison.Ordinal)
                ? "a JWT is not a session token: access tokens and human tokens are not accepted here"
                : "not a session token (jits_…)";
            return await FailAsync(what, null, caller, cancellationToken).ConfigureAwait(false);
        }

        var hash = SessionToken.Hash(credential);
        var now = time.GetUtcNow();
        if (lookup == SessionLookup.Cached && cache.Get(hash) is { } cached)
        {
            span?.SetTag(JitTelemetry.Tags.SessionId, cached.Id);
            return limits.ForSession(cached.Id) is { } limited ? limited : new AuthenticatedSession(cached, hash);
        }

        var session = await store.FindSessionByTokenHashAsync(hash, cancellationToken).ConfigureAwait(false);
        if (session is null || session.ExpiresAt <= now)
        {
            return await FailAsync("unknown or expired session token", null, caller, cancellationToken).ConfigureAwait(false);
        }

        if (session.EndedAt is not null && lookup != SessionLookup.IncludeEnded)
        {
            cache.Remove(hash);
            return await FailAsync("the session has ended", session, caller, cancellationToken).ConfigureAwait(false);
        }

        if (session.EndedAt is null)
        {
            cache.Add(hash, session);
        }

        span?.SetTag(JitTelemetry.Tags.SessionId, session.Id);
        // Ending a session (the only IncludeEnded lookup) is never limited: it only takes power away.
        return lookup != SessionLookup.IncludeEnded && limits.ForSession(session.Id) is { } refused ? refused : new AuthenticatedSession(session, hash);
    }

    /// <summary>The shortest and longest wait a heartbeat may ask for.</summary>
    public static readonly (int Min, int Max) HeartbeatSeconds = (5, 3600);

    /// <summary>The actor of what the issuer does by itself (ending a session whose heartbeat lapsed).</summary>
    public const string SystemActor = "system:jittokens";

    /// <summary>
    /// Arms or moves the session's dead-man switch: unless another heartbeat comes within <paramref name="withinSeconds"/>,
    /// <see cref="EndLapsedAsync"/> ends the session. The deadline never passes the session's own expiry.
    /// </summary>
    public async Task<Result<Abstractions.Wire.HeartbeatAccepted>> HeartbeatAsync(SessionRecord session, int withinSeconds, CancellationToken cancellationToken)
    {
        if (withinSeconds < HeartbeatSeconds.Min || withinSeconds > HeartbeatSeconds.Max)
        {
            return JitError.InvalidRequest($"within_seconds must be {HeartbeatSeconds.Min} to {HeartbeatSeconds.Max}");
        }

        var deadline = time.GetUtcNow().AddSeconds(withinSeconds);
        deadline = deadline < session.ExpiresAt ? deadline : session.ExpiresAt;
        if (!await store.SetHeartbeatDeadlineAsync(session.Id, deadline, cancellationToken).ConfigureAwait(false))
        {
            return JitError.InvalidSession("the session has ended");
        }

        return new Abstractions.Wire.HeartbeatAccepted { SessionId = session.Id, Deadline = deadline };
    }

    /// <summary>Ends every session whose heartbeat lapsed (at most <paramref name="limit"/>), as <see cref="SystemActor"/>; returns how many.</summary>
    public async Task<int> EndLapsedAsync(int limit, CancellationToken cancellationToken)
    {
        var lapsed = await store.ListLapsedSessionsAsync(time.GetUtcNow(), limit, cancellationToken).ConfigureAwait(false);
        foreach (var id in lapsed)
        {
            await EndAsync(id, SystemActor, CallerContext.None, CancellationToken.None).ConfigureAwait(false);
        }

        return lapsed.Count;
    }

    /// <summary>Ends a session (idempotent): revokes its tokens, cancels its escalations, stops its token.</summary>
    public async Task<Result<SessionEndResult>> EndAsync(string sessionId, string actor, CallerContext caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        using var span = JitTelemetry.Start(JitTelemetry.Spans.SessionEnd);
        span?.SetTag(JitTelemetry.Tags.SessionId, sessionId);
        var result = await store.EndSessionAsync(sessionId, now, cancellationToken).ConfigureAwait(false);
        cache.RemoveSession(sessionId);
        span?.SetTag(JitTelemetry.Tags.Count, result.RevokedTokenIds.Count);
        if (result.Session is not { } session)
        {
            return JitError.NotFound($"no session {TextRules.Quote(sessionId)}");
        }

        if (!result.AlreadyEnded)
        {
            metrics.Revoked(result.RevokedTokenIds.Count, RevocationReasons.SessionEnded);
            var events = new List<Task>
            {
                audit.AppendAsync(AuditEvents.ForSession(AuditEventTypes.SessionEnded, now, actor, session, caller), cancellationToken),
            };
            events.AddRange(result.RevokedTokenIds.Select(id => audit.AppendAsync(
                AuditEvents.ForSession(AuditEventTypes.TokenRevoked, now, actor, session, caller) with { TokenId = id }, cancellationToken)));
            events.AddRange(result.CancelledEscalationIds.Select(id => audit.AppendAsync(
                AuditEvents.ForSession(AuditEventTypes.EscalationCancelled, now, actor, session, caller) with { EscalationId = id }, cancellationToken)));
            await Task.WhenAll(events).ConfigureAwait(false);
            await AnnounceCancellationsAsync(result.CancelledEscalationIds, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Replaces the chat messages of cancelled escalations, so nobody approves what can no longer be used.</summary>
    private async Task AnnounceCancellationsAsync(IReadOnlyList<string> escalationIds, CancellationToken cancellationToken)
    {
        if (!outbox.Enabled || escalationIds.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var id in escalationIds)
            {
                if (await store.GetEscalationAsync(id, cancellationToken).ConfigureAwait(false) is { } e && outbox.Update(e) is { } message)
                {
                    await store.EnqueueOutboxAsync(message, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (StoreUnavailableException)
        {
            // The session has ended and that is what the caller must hear; the chat buttons refuse clicks on a cancelled escalation anyway.
        }

        outbox.Signal();
    }

    /// <summary>Ends a session on behalf of a human: its owner or an admin.</summary>
    public async Task<Result<SessionEndResult>> EndAsync(Human human, string sessionId, CallerContext caller, CancellationToken cancellationToken)
    {
        var session = await store.GetSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return JitError.NotFound($"no session {TextRules.Quote(sessionId)}");
        }

        if (session.Owner != human.Name && !human.IsAdmin)
        {
            return JitError.AccessDenied($"only the session's owner or a {JitRoles.Admin} can end it");
        }

        return await EndAsync(sessionId, human.Name, caller, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Auditors and admins see every session; anyone else sees their own.</summary>
    public Task<IReadOnlyList<SessionRecord>> ListAsync(Human human, bool activeOnly, int limit, CancellationToken cancellationToken)
        => store.ListSessionsAsync(human.CanSeeAllSessions ? null : human.Name, activeOnly, Math.Clamp(limit, 1, MaxListLimit), cancellationToken);

    private Result<(ImmutableArray<string> Environments, ImmutableArray<string> Scopes, int TtlSeconds)> Check(StartSessionRequest request)
    {
        if (!TextRules.IsAgentName(request.Agent))
        {
            return JitError.InvalidRequest($"agent is required: 1–{TextRules.AgentMax} letters, digits or ._:@/- naming the agent");
        }

        if (TextRules.CheckPurpose(request.Purpose) is { } purpose)
        {
            return JitError.InvalidRequest(purpose);
        }

        if (request.Environments is not { Count: > 0 } requestedEnvs)
        {
            return JitError.InvalidRequest($"environments is required: one or more of {string.Join(", ", catalog.Environments.Keys.Order(StringComparer.Ordinal))}");
        }

        foreach (var env in requestedEnvs)
        {
            if (env is null || !catalog.Environments.ContainsKey(env))
            {
                return JitError.InvalidRequest($"unknown environment {TextRules.Quote(env)}; the catalog has: {string.Join(", ", catalog.Environments.Keys.Order(StringComparer.Ordinal))}");
            }
        }

        ImmutableArray<string> environments = [.. requestedEnvs.Distinct(StringComparer.Ordinal)];
        var available = catalog.ScopesAvailableIn(environments);
        ImmutableArray<string> scopes;
        if (request.Scopes is null)
        {
            scopes = available;
        }
        else
        {
            foreach (var scope in request.Scopes)
            {
                if (scope is null || !catalog.Scopes.ContainsKey(scope))
                {
                    return JitError.InvalidScope($"unknown scope {TextRules.Quote(scope)}; GET /v1/scopes lists the catalog");
                }

                if (!available.Contains(scope))
                {
                    return JitError.InvalidScope($"scope '{scope}' cannot be issued in any of the session's environments ({string.Join(", ", environments)})");
                }
            }

            scopes = [.. request.Scopes.Distinct(StringComparer.Ordinal)];
        }

        if (scopes.IsEmpty)
        {
            return JitError.InvalidScope($"no scope can be issued in {string.Join(", ", environments)}");
        }

        var maxTtl = (int)_options.MaxSessionTtl.TotalSeconds;
        var ttl = request.TtlSeconds ?? (int)_options.DefaultSessionTtl.TotalSeconds;
        if (ttl <= 0)
        {
            return JitError.InvalidRequest("ttl_seconds must be a positive number of seconds");
        }

        if (ttl > maxTtl)
        {
            return JitError.TtlTooLong($"ttl_seconds {ttl} is above the session limit of {maxTtl} seconds", maxTtl);
        }

        return (environments, scopes, ttl);
    }

    private async Task<Result<AuthenticatedSession>> FailAsync(string detail, SessionRecord? session, CallerContext caller, CancellationToken cancellationToken)
    {
        if (Activity.Current is { OperationName: JitTelemetry.Spans.Authenticate } span)
        {
            span.Fail(ErrorCodes.InvalidSession);
        }

        var now = time.GetUtcNow();
        var auditEvent = session is null
            ? AuditEvents.Create(AuditEventTypes.AuthFailed, now, "anonymous", caller)
            : AuditEvents.ForSession(AuditEventTypes.AuthFailed, now, "anonymous", session, caller);
        await audit.AppendAsync(auditEvent with { Error = ErrorCodes.InvalidSession }, cancellationToken).ConfigureAwait(false);
        return JitError.InvalidSession(detail);
    }
}
