using System.Collections.Frozen;
using JitTokens.Abstractions;

namespace JitTokens.Core.Humans;

/// <summary>An authenticated person and their JitTokens roles. <c>jit.admin</c> holds every right but approving their own requests.</summary>
internal sealed record Human(string Name, FrozenSet<string> Roles)
{
    public bool IsAdmin => Roles.Contains(JitRoles.Admin);

    public bool CanStartSessions => IsAdmin || Roles.Contains(JitRoles.Requester);

    public bool CanSeeAllSessions => IsAdmin || Roles.Contains(JitRoles.Auditor);

    /// <summary>Holds the role to decide escalations; whether they may decide a given one is the approver group's call.</summary>
    public bool CanApprove => IsAdmin || Roles.Contains(JitRoles.Approver);

    /// <summary>May read, export and verify the issuance log.</summary>
    public bool CanReadAudit => IsAdmin || Roles.Contains(JitRoles.Auditor);

    public bool CanReadEscalations => IsAdmin || Roles.Contains(JitRoles.Auditor) || Roles.Contains(JitRoles.Approver);
}
