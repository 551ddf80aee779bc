namespace JitTokens.Core.Catalog;

/// <summary>Every request is escalated; <paramref name="Approvals"/> distinct members of <paramref name="Group"/> must approve.</summary>
internal sealed record ApprovalRule(string Group, int Approvals);
