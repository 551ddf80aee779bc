namespace JitTokens.Abstractions;

/// <summary>The human roles of DESIGN.md §1, as they appear in the human JWT's roles claim.</summary>
public static class JitRoles
{
    /// <summary>May start sessions for agents.</summary>
    public const string Requester = "jit.requester";

    /// <summary>May approve or deny escalations of scopes whose approver group includes them.</summary>
    public const string Approver = "jit.approver";

    /// <summary>May read the issuance log and every session.</summary>
    public const string Auditor = "jit.auditor";

    /// <summary>Everything but approving requests of their own sessions.</summary>
    public const string Admin = "jit.admin";

    /// <summary>Every role, for validation of role lists.</summary>
    public static IReadOnlyList<string> All { get; } = [Requester, Approver, Auditor, Admin];
}
