using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Audit;
using JitTokens.Core.Catalog;
using JitTokens.Core.Errors;
using JitTokens.Core.Humans;
using JitTokens.Core.Options;
using JitTokens.Core.Outbox;
using JitTokens.Core.Storage;
using JitTokens.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace JitTokens.Core.Escalations;

/// <summary>
/// The escalation state machine (DESIGN.md §3.3): approve, deny, expire. One code path for the API,
/// the CLI and chat. Every change is a compare-and-set on the stored version, retried on conflict
/// with the rules re-applied to what is stored now, so concurrent approvals (on any number of server
/// instances) are counted once each and exactly one of them decides.
/// </summary>
internal sealed class EscalationDecisions(
    IJitStore store,
    ScopeCatalog catalog,
    IAuditSink audit,
    EscalationOutbox outbox,
    TimeProvider time,
    IOptions<JitTokensOptions> options,
    JitMetrics metrics)
{
    /// <summary>Compare-and-set attempts before giving up with 503; contention beyond this means something is wrong.</summary>
    internal const int MaxAttempts = 16;

    public const int CommentMax = 500;

    /// <summary>
    /// A human deciding through the API: needs <c>jit.approver</c> (or admin), then the same rules as
    /// anyone. <paramref name="chatIds"/> are the chat ids linked to them, which count as them in approver groups.
    /// </summary>
    public Task<Result<EscalationView>> DecideAsync(Human human, IEnumerable<string> chatIds, string escalationId, EscalationDecision decision, string? comment, CallerContext caller, CancellationToken cancellationToken)
        => human.CanApprove
            ? DecideAsync(Approver.From(human, chatIds), escalationId, decision, comment, null, caller, cancellationToken)
            : Task.FromResult<Result<EscalationView>>(JitError.AccessDenied($"deciding escalations needs the {JitRoles.Approver} role"));

    /// <summary>
    /// Approves or denies. <paramref name="chatResponseUrl"/> is the Slack <c>response_url</c> of the
    /// click that made the decision, kept to replace the chat message later.
    /// </summary>
    public async Task<Result<EscalationView>> DecideAsync(Approver approver, string escalationId, EscalationDecision decision, string? comment, string? chatResponseUrl, CallerContext caller, CancellationToken cancellationToken)
    {
        if (CheckComment(comment) is { } bad)
        {
            return JitError.InvalidRequest(bad);
        }

        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        using var span = JitTelemetry.Start(JitTelemetry.Spans.Decision);
        span?.SetTag(JitTelemetry.Tags.EscalationId, TextRules.ForLog(escalationId)); // as sent, so bounded and never a credential
        span?.SetTag(JitTelemetry.Tags.Decision, decision == EscalationDecision.Approve ? "approve" : "deny");
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await store.GetEscalationAsync(escalationId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return JitError.NotFound($"no escalation {TextRules.Quote(escalationId)}");
            }

            var now = time.GetUtcNow();
            var next = Decide(current, approver, decision, comment, now);
            if (!next.IsSuccess)
            {
                if (next.Error!.Code == ErrorCodes.AlreadyDecided && IsUnmarkedExpiry(current, now))
                {
                    await ExpireAsync(current, cancellationToken).ConfigureAwait(false);
                }

                return next.Error;
            }

            var updated = next.Value! with { ChatResponseUrl = chatResponseUrl ?? current.ChatResponseUrl };
            var message = outbox.Update(updated);
            // From the write on, the caller going away must not leave a decision without its event: no cancellation.
            if (!await WriteAsync(updated, null, message).ConfigureAwait(false))
            {
                continue;
            }

            var written = updated with { Version = updated.Version + 1 };
            var type = decision == EscalationDecision.Approve ? AuditEventTypes.EscalationApproved : AuditEventTypes.EscalationDenied;
            try
            {
                await audit.AppendAsync(EscalationEvents.Create(type, now, approver.Name, written, caller), CancellationToken.None).ConfigureAwait(false);
            }
            catch
            {
                // Fail closed: a decision that is not in the log must not stand.
                await RevertQuietlyAsync(current, written).ConfigureAwait(false);
                throw;
            }

            if (message is not null)
            {
                outbox.Signal();
            }

            if (written.Status is EscalationStatuses.Approved or EscalationStatuses.Denied)
            {
                metrics.EscalationDecided(written.Scope, written.Environment, written.Status, now - written.CreatedAt);
            }

            span?.SetTag(JitTelemetry.Tags.Outcome, written.Status);
            return written.ToView(now);
        }

        return JitError.Unavailable("the escalation is changing too fast; try again");
    }

    /// <summary>Marks every escalation whose time ran out as expired (the background sweep). Returns how many it marked.</summary>
    public async Task<int> ExpireDueAsync(int limit, CancellationToken cancellationToken)
    {
        var due = await store.ListDueEscalationsAsync(time.GetUtcNow(), limit, cancellationToken).ConfigureAwait(false);
        var expired = 0;
        foreach (var id in due)
        {
            if (await store.GetEscalationAsync(id, cancellationToken).ConfigureAwait(false) is { } e && IsUnmarkedExpiry(e, time.GetUtcNow())
                && await ExpireAsync(e, cancellationToken).ConfigureAwait(false))
            {
                expired++;
            }
        }

        return expired;
    }

    /// <summary>
    /// Stores the expiry of <paramref name="current"/> and logs it, unless someone changed it first
    /// (then whoever did logged their change). True when this call marked it.
    /// </summary>
    public async Task<bool> ExpireAsync(EscalationRecord current, CancellationToken cancellationToken)
    {
        var expired = current with { Status = EscalationStatuses.Expired, DecidedAt = current.DecidedAt ?? current.ExpiresAt };
        var message = outbox.Update(expired);
        if (!await WriteAsync(expired, null, message).ConfigureAwait(false))
        {
            return false;
        }

        var written = expired with { Version = expired.Version + 1 };
        try
        {
            await audit.AppendAsync(
                EscalationEvents.Create(AuditEventTypes.EscalationExpired, time.GetUtcNow(), EscalationEvents.SystemActor, written, CallerContext.None),
                CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            // Unlogged, the expiry is put back so the sweep finds it again and logs it when the log is back.
            await RevertQuietlyAsync(current, written).ConfigureAwait(false);
            throw;
        }

        if (message is not null)
        {
            outbox.Signal();
        }

        if (current.Status == EscalationStatuses.Pending)
        {
            // Nobody decided in time: that too is a decision time (an approval that lapsed unredeemed was counted when approved).
            metrics.EscalationDecided(current.Scope, current.Environment, EscalationStatuses.Expired, expired.DecidedAt!.Value - current.CreatedAt);
        }

        return true;
    }

    /// <summary>Pending or approved in the store, but past its expiry by the clock.</summary>
    public static bool IsUnmarkedExpiry(EscalationRecord e, DateTimeOffset now)
        => e.Status is EscalationStatuses.Pending or EscalationStatuses.Approved && now >= e.ExpiresAt;

    /// <summary>The pure rules: who may decide, and what the escalation becomes.</summary>
    private Result<EscalationRecord> Decide(EscalationRecord e, Approver approver, EscalationDecision decision, string? comment, DateTimeOffset now)
    {
        if (approver.IsAnyOf([e.Owner]))
        {
            return JitError.SelfApprovalForbidden($"{approver.Name} owns the session that asked; nobody decides their own session's requests");
        }

        if (!catalog.ApproverGroups.TryGetValue(e.ApprovalGroup, out var group) || !approver.IsAnyOf(group.Members))
        {
            return JitError.NotAnApprover($"{approver.Name} is not in the approver group '{e.ApprovalGroup}' of {e.Scope} in {e.Environment}");
        }

        var status = e.ToView(now).Status;
        if (status != EscalationStatuses.Pending)
        {
            var by = status is EscalationStatuses.Approved or EscalationStatuses.Denied && e.DecidedBy is not null ? " by " + e.DecidedBy : "";
            return JitError.AlreadyDecided(status == EscalationStatuses.Expired
                ? $"the escalation expired at {UtcTimestampConverter.Format(e.ExpiresAt)}"
                : $"the escalation is already {status}{by}");
        }

        if (decision == EscalationDecision.Deny)
        {
            return e with { Status = EscalationStatuses.Denied, DecidedBy = approver.Name, DecidedAt = now, Comment = comment };
        }

        if (e.Approvals.Any(a => a.By == approver.Name))
        {
            return JitError.AlreadyDecided($"{approver.Name} already approved; {e.Approvals.Length} of {e.ApprovalsRequired} approvals so far, each from a different approver");
        }

        var approvals = e.Approvals.Add(new ApprovalView { By = approver.Name, At = now, Comment = comment });
        if (approvals.Length < e.ApprovalsRequired)
        {
            return e with { Approvals = approvals };
        }

        // Approved: the agent now has a short window to redeem, never past its session's end.
        var redeemBy = Seconds.Truncate(now + options.Value.ApprovalRedeemTtl);
        return e with
        {
            Approvals = approvals,
            Status = EscalationStatuses.Approved,
            DecidedBy = approver.Name,
            DecidedAt = now,
            Comment = comment,
            ExpiresAt = redeemBy < e.SessionExpiresAt ? redeemBy : e.SessionExpiresAt,
        };
    }

    private static string? CheckComment(string? comment)
    {
        if (comment is null)
        {
            return null;
        }

        if (comment.Length > CommentMax)
        {
            return $"comment must be at most {CommentMax} characters (got {comment.Length})";
        }

        if (comment.Any(char.IsControl))
        {
            return "comment must be one line of text without control characters";
        }

        return CredentialText.LooksLikeCredential(comment) ? "comment looks like it contains a credential; never paste tokens or keys" : null;
    }

    /// <summary>
    /// Compare-and-set that survives an ambiguous failure: when the store times out, the write may
    /// still have happened, so the record is read again and the write counts if the stored version is ours.
    /// True when written; false on a conflict (read again and decide again).
    /// </summary>
    internal async Task<bool> WriteAsync(EscalationRecord updated, Tokens.TokenRecord? token, OutboxMessage? message)
    {
        try
        {
            return await store.UpdateEscalationAsync(updated, token, message, CancellationToken.None).ConfigureAwait(false) == EscalationWrite.Written;
        }
        catch (StoreUnavailableException)
        {
            var stored = await store.GetEscalationAsync(updated.Id, CancellationToken.None).ConfigureAwait(false);
            if (stored is not null && stored.Version == updated.Version + 1 && stored.Status == updated.Status
                && stored.Approvals.Length == updated.Approvals.Length && stored.TokenId == updated.TokenId)
            {
                return true;
            }

            throw;
        }
    }

    /// <summary>Puts back what was there before a decision that could not be logged (as a new version, so racing writers notice).</summary>
    private async Task RevertQuietlyAsync(EscalationRecord before, EscalationRecord written)
    {
        try
        {
            await store.UpdateEscalationAsync(before with { Version = written.Version }, null, outbox.Update(before), CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
        }
    }
}
