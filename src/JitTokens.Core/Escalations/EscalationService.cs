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
    public async Task<Result<EscalationView>> GetAsync(string escalationId, SessionRecord? bySession, Human? byHuman, CancellationToken cancellationToken)
    {
        if (byHuman is not null && !byHuman.CanReadEscalations)
        {
            return JitError.AccessDenied($"reading escalations needs {JitRoles.Approver}, {JitRoles.Auditor} or {JitRoles.Admin}");
        }

        var escalation = await store.GetEscalationAsync(escalationId, cancellationToken).ConfigureAwait(false);
        if (escalation is null || (bySession is not null && escalation.SessionId != bySession.Id))
        {
            return JitError.NotFound($"no escalation {TextRules.Quote(escalationId)}");
        }

        return escalation.ToView(time.GetUtcNow());
    }
}
