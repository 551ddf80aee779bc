using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Audit;
using JitTokens.Core.Errors;
using JitTokens.Core.Escalations;
using JitTokens.Core.Humans;
using JitTokens.Core.Options;
using JitTokens.Core.Outbox;
using JitTokens.Core.Policy;
using JitTokens.Core.Sessions;
using JitTokens.Core.Storage;
using JitTokens.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace JitTokens.Core.Tokens;

/// <summary>
/// Token requests, dry runs and revocation (DESIGN.md §3.2). The hot path of
/// <see cref="RequestAsync"/>: decide (pure), record the token (one store round trip that also
/// re-checks the session), sign while the audit event is being committed, answer.
/// </summary>
internal sealed class TokenService(
    IJitStore store,
    IssuancePolicy policy,
    AccessTokenMinter minter,
    IAuditSink audit,
    IEscalationNotifier notifier,
    EscalationOutbox outbox,
    SessionCache cache,
    TimeProvider time,
    IOptions<JitTokensOptions> options,
    JitMetrics metrics)
{
    private readonly JitTokensOptions _options = options.Value;

    public async Task<TokenOutcome> RequestAsync(AuthenticatedSession auth, TokenRequest request, CallerContext caller, CancellationToken cancellationToken)
    {
        using var span = JitTelemetry.Start(JitTelemetry.Spans.TokenRequest);
        span?.SetTag(JitTelemetry.Tags.SessionId, auth.Session.Id);
        var outcome = await DecideAndActAsync(auth, request, caller, cancellationToken).ConfigureAwait(false);
        var decision = outcome.Issued is not null ? JitTelemetry.Decisions.Issued
            : outcome.Escalated is not null ? JitTelemetry.Decisions.Escalated
            : JitTelemetry.Decisions.Denied;
        metrics.TokenRequested(request.Scope, request.Environment, decision, outcome.Error?.Code);
        if (span is not null)
        {
            span.SetTag(JitTelemetry.Tags.Scope, TextRules.ForLog(request.Scope));
            span.SetTag(JitTelemetry.Tags.Environment, TextRules.ForLog(request.Environment));
            span.SetTag(JitTelemetry.Tags.Decision, decision);
            span.SetTag(JitTelemetry.Tags.TokenId, outcome.Issued?.TokenId);
            span.SetTag(JitTelemetry.Tags.EscalationId, outcome.Escalated?.EscalationId);
            if (outcome.Error is { } error)
            {
                span.SetTag(JitTelemetry.Tags.Error, error.Code);
            }
        }

        if (outcome.Issued is { } issued)
        {
            metrics.TokenIssued(issued.Scope, issued.Environment, escalated: false);
        }

        return outcome;
    }

    private async Task<TokenOutcome> DecideAndActAsync(AuthenticatedSession auth, TokenRequest request, CallerContext caller, CancellationToken cancellationToken)
    {
        var session = auth.Session;
        var now = time.GetUtcNow();
        PolicyDecision decision;
        using (JitTelemetry.Start(JitTelemetry.Spans.Decide))
        {
            decision = policy.Decide(session, request, now);
        }

        var requested = Requested(session, request, now, caller);
        if (decision.Outcome == PolicyOutcome.Deny)
        {
            return await DenyAsync(auth, requested, decision.Error!, caller, cancellationToken).ConfigureAwait(false);
        }

        if (decision.Outcome == PolicyOutcome.Escalate)
        {
            return await EscalateAsync(auth, request, decision, requested, now, caller, cancellationToken).ConfigureAwait(false);
        }

        var issuedAt = Seconds.Truncate(now);
        var expiresAt = issuedAt.AddSeconds(decision.TtlSeconds);
        if (expiresAt > session.ExpiresAt)
        {
            expiresAt = session.ExpiresAt;
        }

        var record = new TokenRecord
        {
            Id = Ids.NewTokenId(),
            SessionId = session.Id,
            Owner = session.Owner,
            Agent = session.Agent,
            Scope = decision.Scope!.Name,
            Environment = decision.Environment!.Name,
            Target = request.Target,
            IssuedAt = issuedAt,
            ExpiresAt = expiresAt,
            UseOnce = decision.Scope.Irreversible,
        };
        var issued = requested with
        {
            Type = AuditEventTypes.TokenIssued,
            TokenId = record.Id,
            TtlSeconds = (int)(expiresAt - issuedAt).TotalSeconds,
            Decision = DryRunDecisions.Issue,
        };
        var claims = new AccessTokenClaims(
            session.Owner, session.Agent, decision.Environment.Audience, record.Environment, record.Scope, record.Id,
            issuedAt, expiresAt, session.Id, request.Purpose!.Trim(), record.Target, record.UseOnce, null);
        if (audit.RecordsTokens)
        {
            return await IssueInOneWriteAsync(auth, record, claims, issued, now, caller, cancellationToken).ConfigureAwait(false);
        }

        bool stored;
        using (JitTelemetry.Start(JitTelemetry.Spans.StoreToken))
        {
            stored = await store.AddTokenAsync(record, cancellationToken).ConfigureAwait(false);
        }

        if (!stored)
        {
            return await SessionGoneAsync(auth, caller, cancellationToken).ConfigureAwait(false);
        }

        string jwt;
        try
        {
            // Sign first: once token.issued is in the log, the token exists for the caller.
            using (JitTelemetry.Start(JitTelemetry.Spans.Sign))
            {
                jwt = minter.Mint(claims);
            }

            await AppendAsync(issued, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Fail closed: the caller never sees the JWT, and the record is revoked so nothing can vouch for it.
            await store.RevokeQuietlyAsync(record.Id, now).ConfigureAwait(false);
            throw;
        }

        return record.Issued(jwt);
    }

    /// <summary>
    /// Issuance when the log records tokens (<see cref="IAuditSink.RecordsTokens"/>): sign, then one write stores the token
    /// and its <c>token.issued</c> event together, re-checking the session as the store would, or stores neither.
    /// </summary>
    private async Task<TokenOutcome> IssueInOneWriteAsync(
        AuthenticatedSession auth, TokenRecord record, AccessTokenClaims claims, AuditEvent issued, DateTimeOffset now, CallerContext caller, CancellationToken cancellationToken)
    {
        string jwt;
        bool recorded;
        try
        {
            using (JitTelemetry.Start(JitTelemetry.Spans.Sign))
            {
                jwt = minter.Mint(claims);
            }

            // The store step and the audit step are one write here: its span is the store's, the append's inside it.
            using (JitTelemetry.Start(JitTelemetry.Spans.StoreToken))
            {
                recorded = await AppendIssuedAsync(issued, new NewToken(record, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // Fail closed, as below: the caller never sees the JWT, and if the write landed (an answer lost) the token is
            // revoked. A write still queued or running when this revoke finds nothing can land after it: then the log
            // holds a token.issued that nobody received (as the log already may, see RedisAuditLog.Unanswered) and the
            // record stays until the token expires or its session ends. No JWT for it exists outside this process.
            await store.RevokeQuietlyAsync(record.Id, now).ConfigureAwait(false);
            throw;
        }

        return recorded ? record.Issued(jwt) : await SessionGoneAsync(auth, caller, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Decides without minting or escalating; logged as <c>token.dry_run</c>.</summary>
    public async Task<DryRunResult> DryRunAsync(AuthenticatedSession auth, TokenRequest request, CallerContext caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var decision = policy.Decide(auth.Session, request, now);
        var verdict = decision.Outcome switch
        {
            PolicyOutcome.Issue => DryRunDecisions.Issue,
            PolicyOutcome.Escalate => DryRunDecisions.Escalate,
            _ => DryRunDecisions.Deny,
        };
        await audit.AppendAsync(Requested(auth.Session, request, now, caller) with
        {
            Type = AuditEventTypes.TokenDryRun,
            Decision = verdict,
            Error = decision.Error?.Code,
        }, cancellationToken).ConfigureAwait(false);
        return new DryRunResult
        {
            Decision = verdict,
            Error = decision.Error?.Code,
            ErrorDescription = decision.Error?.Detail,
            MaxTtlSeconds = decision.MaxTtlSeconds,
        };
    }

    /// <summary>
    /// RFC 7009 revocation of an access token this issuer minted (read and checked by <see cref="AccessTokenReader"/>):
    /// its own session, its owner or an admin may revoke it; anyone else is refused with <c>access_denied</c>, and a
    /// session can never revoke another session's token. A token already expired or revoked is fine (nothing to do).
    /// </summary>
    public async Task<Result<bool>> RevokeAccessTokenAsync(VerifiedAccessToken token, SessionRecord? bySession, Human? byHuman, CallerContext caller, CancellationToken cancellationToken)
    {
        var allowed = (bySession is not null && bySession.Id == token.SessionId)
            || (byHuman is not null && (byHuman.Name == token.Subject || byHuman.IsAdmin));
        if (!allowed)
        {
            return JitError.AccessDenied(bySession is not null ? "this token belongs to another session" : "only the token's session, its owner or an admin may revoke it");
        }

        var revoked = await RevokeAsync(token.TokenId, bySession, byHuman, caller, cancellationToken).ConfigureAwait(false);
        return revoked.IsSuccess || revoked.Error!.Status == 404 ? true : revoked;
    }

    /// <summary>Revokes one token for its own session, its owner or an admin. Idempotent for those callers.</summary>
    public async Task<Result<bool>> RevokeAsync(string tokenId, SessionRecord? bySession, Human? byHuman, CallerContext caller, CancellationToken cancellationToken)
    {
        var token = await store.GetTokenAsync(tokenId, cancellationToken).ConfigureAwait(false);
        var allowed = token is not null
            && ((bySession is not null && bySession.Id == token.SessionId)
                || (byHuman is not null && (byHuman.Name == token.Owner || byHuman.IsAdmin)));
        if (!allowed)
        {
            // The same answer for unknown and foreign tokens: a session learns nothing about others.
            return JitError.NotFound($"no token {TextRules.Quote(tokenId)} that you may revoke");
        }

        var now = time.GetUtcNow();
        using var span = JitTelemetry.Start(JitTelemetry.Spans.Revoke);
        span?.SetTag(JitTelemetry.Tags.TokenId, token!.Id);
        span?.SetTag(JitTelemetry.Tags.SessionId, token!.SessionId);
        if (await store.RevokeTokenAsync(tokenId, now, cancellationToken).ConfigureAwait(false))
        {
            metrics.Revoked(1, RevocationReasons.TokenRevoked);
            var actor = byHuman?.Name ?? AuditEvents.AgentActor(token!.Agent);
            await audit.AppendAsync(AuditEvents.Create(AuditEventTypes.TokenRevoked, now, actor, caller) with
            {
                SessionId = token!.SessionId,
                Owner = token.Owner,
                Agent = token.Agent,
                Scope = token.Scope,
                Environment = token.Environment,
                Target = token.Target,
                TokenId = token.Id,
            }, CancellationToken.None).ConfigureAwait(false); // the token is revoked: its event is written whether or not the caller waits
        }

        return true;
    }

    private async Task<TokenOutcome> EscalateAsync(AuthenticatedSession auth, TokenRequest request, PolicyDecision decision, AuditEvent requested, DateTimeOffset now, CallerContext caller, CancellationToken cancellationToken)
    {
        var session = auth.Session;
        var approval = decision.Rule!.Approval!;
        var escalation = new EscalationRecord
        {
            Id = Ids.NewEscalationId(),
            SessionId = session.Id,
            Owner = session.Owner,
            Agent = session.Agent,
            Scope = decision.Scope!.Name,
            Environment = decision.Environment!.Name,
            Purpose = request.Purpose!.Trim(),
            Target = request.Target,
            TtlSeconds = decision.TtlSeconds,
            ApprovalGroup = approval.Group,
            ApprovalsRequired = approval.Approvals,
            CreatedAt = now,
            // An escalation never outlives its session: nothing could be redeemed after the session's end.
            ExpiresAt = Seconds.Truncate(now + _options.EscalationTtl) < session.ExpiresAt ? Seconds.Truncate(now + _options.EscalationTtl) : session.ExpiresAt,
            SessionExpiresAt = session.ExpiresAt,
        };
        var message = outbox.Request(escalation);
        bool stored;
        using (JitTelemetry.Start(JitTelemetry.Spans.StoreEscalation))
        {
            stored = await store.AddEscalationAsync(escalation, message, cancellationToken).ConfigureAwait(false);
        }

        if (!stored)
        {
            return await SessionGoneAsync(auth, caller, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await AppendAsync(requested with
            {
                Type = AuditEventTypes.EscalationRequested,
                EscalationId = escalation.Id,
                TtlSeconds = decision.TtlSeconds,
                Decision = DryRunDecisions.Escalate,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Fail closed: an escalation missing from the log must not be approvable. Its chat message, if sent, shows it cancelled.
            await CancelQuietlyAsync(escalation).ConfigureAwait(false);
            throw;
        }

        if (message is not null)
        {
            outbox.Signal();
        }

        await notifier.NotifyAsync(escalation, cancellationToken).ConfigureAwait(false);
        return new TokenEscalated
        {
            EscalationId = escalation.Id,
            Status = EscalationStatuses.Pending,
            ExpiresAt = escalation.ExpiresAt,
            PollIntervalSeconds = _options.PollIntervalSeconds,
        };
    }

    private async Task CancelQuietlyAsync(EscalationRecord escalation)
    {
        try
        {
            // Someone may have acted on it already (it was visible for a moment): cancel whatever version is stored.
            for (var attempt = 0; attempt < 4; attempt++)
            {
                var current = await store.GetEscalationAsync(escalation.Id, CancellationToken.None).ConfigureAwait(false) ?? escalation;
                var cancelled = current with { Status = EscalationStatuses.Cancelled };
                if (await store.UpdateEscalationAsync(cancelled, null, outbox.Update(cancelled), CancellationToken.None).ConfigureAwait(false) != EscalationWrite.Conflict)
                {
                    return;
                }
            }
        }
        catch (StoreUnavailableException)
        {
        }
    }

    private async Task<TokenOutcome> DenyAsync(AuthenticatedSession auth, AuditEvent requested, JitError error, CallerContext caller, CancellationToken cancellationToken)
    {
        // A cached session may have been ended elsewhere; a refusal is not the hot path, so confirm.
        var current = await store.FindSessionByTokenHashAsync(auth.TokenHash, cancellationToken).ConfigureAwait(false);
        if (current is null || !current.IsActiveAt(time.GetUtcNow()))
        {
            return await SessionGoneAsync(auth, caller, cancellationToken).ConfigureAwait(false);
        }

        await AppendAsync(requested with
        {
            Type = AuditEventTypes.TokenDenied,
            Decision = DryRunDecisions.Deny,
            Error = error.Code,
        }, cancellationToken).ConfigureAwait(false);
        return error;
    }

    private async Task<TokenOutcome> SessionGoneAsync(AuthenticatedSession auth, CallerContext caller, CancellationToken cancellationToken)
    {
        cache.Remove(auth.TokenHash);
        await audit.AppendAsync(AuditEvents.ForSession(AuditEventTypes.AuthFailed, time.GetUtcNow(), "anonymous", auth.Session, caller) with
        {
            Error = ErrorCodes.InvalidSession,
        }, cancellationToken).ConfigureAwait(false);
        return JitError.InvalidSession("the session has ended");
    }

    /// <summary>Appends to the issuance log inside an <c>audit.append</c> span (the request's wait for the group commit); no extra await when nobody listens.</summary>
    private Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var span = JitTelemetry.Start(JitTelemetry.Spans.AuditAppend);
        return span is null ? audit.AppendAsync(auditEvent, cancellationToken) : TracedAppendAsync(auditEvent, span, cancellationToken);
    }

    private async Task<bool> AppendIssuedAsync(AuditEvent auditEvent, NewToken token, CancellationToken cancellationToken)
    {
        using var span = JitTelemetry.Start(JitTelemetry.Spans.AuditAppend);
        try
        {
            return await audit.AppendIssuedAsync(auditEvent, token, cancellationToken).ConfigureAwait(false);
        }
        catch (AuditUnavailableException)
        {
            span.Fail(ErrorCodes.Unavailable);
            throw;
        }
    }

    private async Task TracedAppendAsync(AuditEvent auditEvent, System.Diagnostics.Activity span, CancellationToken cancellationToken)
    {
        try
        {
            await audit.AppendAsync(auditEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (AuditUnavailableException)
        {
            span.Fail(ErrorCodes.Unavailable);
            throw;
        }
        finally
        {
            span.Dispose();
        }
    }

    /// <summary>The event skeleton of a request: who asked for what, and why. Agent text is recorded bounded and never as a credential.</summary>
    private static AuditEvent Requested(SessionRecord session, TokenRequest request, DateTimeOffset now, CallerContext caller)
        => AuditEvents.ForSession(AuditEventTypes.TokenDenied, now, AuditEvents.AgentActor(session.Agent), session, caller) with
        {
            Scope = TextRules.ForLog(request.Scope),
            Environment = TextRules.ForLog(request.Environment),
            Target = TextRules.ForLog(request.Target),
            Purpose = TextRules.ForLog(request.Purpose, TextRules.PurposeMax),
            TtlSeconds = request.TtlSeconds,
        };
}
