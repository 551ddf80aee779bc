using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Errors;
using JitTokens.Core.Humans;
using JitTokens.Core.Sessions;
using JitTokens.Core.Storage;

namespace JitTokens.Core.Escalations;

/// <summary>Reading escalations (DESIGN.md §3.3): by the session that asked, or by an approver, auditor or admin.</summary>
internal sealed class EscalationService(IJitStore store, TimeProvider time)
{
    public const int MaxListLimit = 500;

    public async Task<Result<EscalationView>> GetAsync(string escalationId, SessionRecord? bySession, Human? byHuman, CancellationToken cancellationToken)
    {
        if (byHuman is not null && !byHuman.CanReadEscalations)
        {
            return ReadDenied();
        }

        var escalation = await store.GetEscalationAsync(escalationId, cancellationToken).ConfigureAwait(false);
        if (escalation is null || (bySession is not null && escalation.SessionId != bySession.Id))
        {
            return JitError.NotFound($"no escalation {TextRules.Quote(escalationId)}");
        }

        return escalation.ToView(time.GetUtcNow());
    }

    /// <summary>A session sees its own escalations; an approver, auditor or admin sees all. Newest first.</summary>
    public async Task<Result<IReadOnlyList<EscalationView>>> ListAsync(SessionRecord? bySession, Human? byHuman, bool pendingOnly, int limit, CancellationToken cancellationToken)
    {
        if (byHuman is not null && !byHuman.CanReadEscalations)
        {
            return ReadDenied();
        }

        var records = await store.ListEscalationsAsync(bySession?.Id, pendingOnly, Math.Clamp(limit, 1, MaxListLimit), cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return new Result<IReadOnlyList<EscalationView>>([.. records.Select(e => e.ToView(now))], null);
    }

    private static JitError ReadDenied()
        => JitError.AccessDenied($"reading escalations needs {JitRoles.Approver}, {JitRoles.Auditor} or {JitRoles.Admin}");
}
