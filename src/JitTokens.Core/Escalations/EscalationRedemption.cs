using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Audit;
using JitTokens.Core.Catalog;
using JitTokens.Core.Errors;
using JitTokens.Core.Options;
using JitTokens.Core.Sessions;
using JitTokens.Core.Storage;
using JitTokens.Core.Telemetry;
using JitTokens.Core.Tokens;
using Microsoft.Extensions.Options;

namespace JitTokens.Core.Escalations;

/// <summary>
/// <c>POST /v1/escalations/{id}/token</c> (DESIGN.md §3.3): the agent polls until a decision, then
/// redeems an approval exactly once. Answers follow RFC 8628 §3.5 (device flow) polling semantics.
/// </summary>
internal sealed class EscalationRedemption(
    IJitStore store,
    ScopeCatalog catalog,
    AccessTokenMinter minter,
    IAuditSink audit,
    EscalationDecisions decisions,
    TimeProvider time,
    IOptions<JitTokensOptions> options,
    JitMetrics metrics)
{
    /// <summary>Polls this much earlier than the interval are still accepted: clients time the gap between responses, not requests.</summary>
    private static readonly TimeSpan PollTolerance = TimeSpan.FromMilliseconds(200);

    public async Task<TokenOutcome> RedeemAsync(AuthenticatedSession auth, string escalationId, CallerContext caller, CancellationToken cancellationToken)
    {
        using var span = JitTelemetry.Start(JitTelemetry.Spans.Redeem);
        span?.SetTag(JitTelemetry.Tags.EscalationId, TextRules.ForLog(escalationId)); // as sent, so bounded and never a credential
        span?.SetTag(JitTelemetry.Tags.SessionId, auth.Session.Id);
        var outcome = await RedeemOnceAsync(auth, escalationId, caller, cancellationToken).ConfigureAwait(false);
        if (outcome.Issued is { } issued)
        {
            metrics.TokenIssued(issued.Scope, issued.Environment, escalated: true);
            span?.SetTag(JitTelemetry.Tags.TokenId, issued.TokenId);
            span?.SetTag(JitTelemetry.Tags.Decision, JitTelemetry.Decisions.Issued);
        }
        else if (outcome.Error is { } error)
        {
            span?.SetTag(JitTelemetry.Tags.Error, error.Code);
        }

        return outcome;
    }

    private async Task<TokenOutcome> RedeemOnceAsync(AuthenticatedSession auth, string escalationId, CallerContext caller, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < EscalationDecisions.MaxAttempts; attempt++)
        {
            var e = await store.GetEscalationAsync(escalationId, cancellationToken).ConfigureAwait(false);
            if (e is null || e.SessionId != auth.Session.Id)
            {
                return JitError.NotFound($"no escalation {TextRules.Quote(escalationId)} of this session");
            }

            var now = time.GetUtcNow();
            var status = e.ToView(now).Status;
            switch (status)
            {
                case EscalationStatuses.Pending:
                    return await PendingAsync(e, now, cancellationToken).ConfigureAwait(false);
                case EscalationStatuses.Denied:
                    return JitError.AccessDenied($"denied by {e.DecidedBy}" + (e.Comment is null ? "" : ": " + e.Comment));
                case EscalationStatuses.Cancelled:
                    return JitError.AccessDenied("cancelled: the session ended before the request was redeemed");
                case EscalationStatuses.Redeemed:
                    return JitError.InvalidGrant("already redeemed: an approval yields one token");
                case EscalationStatuses.Expired:
                    if (EscalationDecisions.IsUnmarkedExpiry(e, now))
                    {
                        await decisions.ExpireAsync(e, cancellationToken).ConfigureAwait(false);
                    }

                    return JitError.ExpiredToken(e.Status == EscalationStatuses.Approved || e.DecidedBy is not null
                        ? $"the approval was not redeemed in time (by {UtcTimestampConverter.Format(e.ExpiresAt)}); ask again"
                        : $"nobody decided before {UtcTimestampConverter.Format(e.ExpiresAt)}; ask again");
            }

            var issued = await IssueAsync(auth, e, now, caller, cancellationToken).ConfigureAwait(false);
            if (issued is not null)
            {
                return issued;
            }
        }

        return JitError.Unavailable("the escalation is changing too fast; try again");
    }

    private async Task<TokenOutcome> PendingAsync(EscalationRecord e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.PollIntervalSeconds);
        var previous = await store.RecordEscalationPollAsync(e.Id, now, cancellationToken).ConfigureAwait(false);
        if (previous is { } last && now - last < interval - PollTolerance)
        {
            return JitError.SlowDown($"poll at most every {options.Value.PollIntervalSeconds} seconds");
        }

        return JitError.AuthorizationPending(
            $"waiting for {e.ApprovalsRequired - e.Approvals.Length} more approval(s) from group '{e.ApprovalGroup}' until {UtcTimestampConverter.Format(e.ExpiresAt)}");
    }

    /// <summary>Null when the escalation changed under us: the caller reads it again.</summary>
    private async Task<TokenOutcome?> IssueAsync(AuthenticatedSession auth, EscalationRecord e, DateTimeOffset now, CallerContext caller, CancellationToken cancellationToken)
    {
        var session = auth.Session;
        var issuedAt = Seconds.Truncate(now);
        // The TTL counts from redemption, never past the session's end.
        var expiresAt = issuedAt.AddSeconds(e.TtlSeconds);
        if (expiresAt > session.ExpiresAt)
        {
            expiresAt = session.ExpiresAt;
        }

        var useOnce = catalog.Scopes.TryGetValue(e.Scope, out var scope) && scope.Irreversible;
        var token = new TokenRecord
        {
            Id = Ids.NewTokenId(),
            SessionId = session.Id,
            Owner = session.Owner,
            Agent = session.Agent,
            Scope = e.Scope,
            Environment = e.Environment,
            Target = e.Target,
            IssuedAt = issuedAt,
            ExpiresAt = expiresAt,
            UseOnce = useOnce,
        };
        var redeemed = e with { Status = EscalationStatuses.Redeemed, TokenId = token.Id };
        // From the write on, the caller going away must not leave a redemption without its events: no cancellation.
        EscalationWrite write;
        try
        {
            using (JitTelemetry.Start(JitTelemetry.Spans.StoreToken))
            {
                write = await store.UpdateEscalationAsync(redeemed, token, null, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (StoreUnavailableException)
        {
            // A timeout does not say whether the script ran: ours if the stored redemption names our token.
            var stored = await store.GetEscalationAsync(e.Id, CancellationToken.None).ConfigureAwait(false);
            if (stored?.TokenId != token.Id)
            {
                throw;
            }

            write = EscalationWrite.Written;
        }

        if (write == EscalationWrite.Conflict)
        {
            return null;
        }

        if (write == EscalationWrite.SessionGone)
        {
            return JitError.InvalidSession("the session has ended");
        }

        var approvers = e.Approvals.Select(a => a.By).ToArray();
        var ttl = (int)(expiresAt - issuedAt).TotalSeconds;
        string jwt;
        try
        {
            using (JitTelemetry.Start(JitTelemetry.Spans.Sign))
            {
                jwt = minter.Mint(new AccessTokenClaims(
                    session.Owner, session.Agent, catalog.Environments[e.Environment].Audience, e.Environment, e.Scope, token.Id,
                    issuedAt, expiresAt, session.Id, e.Purpose, e.Target, useOnce, approvers));
            }

            using var auditSpan = JitTelemetry.Start(JitTelemetry.Spans.AuditAppend);
            var written = redeemed with { Version = redeemed.Version + 1 };
            await audit.AppendAsync(EscalationEvents.Create(AuditEventTypes.EscalationRedeemed, now, AuditEvents.AgentActor(session.Agent), written, caller) with
            {
                TtlSeconds = ttl,
            }, CancellationToken.None).ConfigureAwait(false);
            await audit.AppendAsync(EscalationEvents.Create(AuditEventTypes.TokenIssued, now, AuditEvents.AgentActor(session.Agent), written, caller) with
            {
                TtlSeconds = ttl,
                Decision = DryRunDecisions.Issue,
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            // Fail closed: the token is revoked and never shown. The approval is spent; the agent asks again.
            await store.RevokeQuietlyAsync(token.Id, now).ConfigureAwait(false);
            throw;
        }

        return token.Issued(jwt);
    }

}
