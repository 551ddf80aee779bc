namespace JitTokens.Abstractions.Wire;

/// <summary>An approval rule of the catalog: which group decides, how many distinct approvers.</summary>
public sealed record ApprovalRuleView
{
    /// <summary>The approver group's name.</summary>
    public required string Group { get; init; }

    /// <summary>How many distinct approvers from the group are needed (default 1).</summary>
    public required int Approvals { get; init; }
}
