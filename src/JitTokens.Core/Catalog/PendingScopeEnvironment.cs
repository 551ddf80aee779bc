namespace JitTokens.Core.Catalog;

/// <summary>One environment entry of a scope as read, before its references are checked.</summary>
internal sealed record PendingScopeEnvironment(
    string Environment,
    TimeSpan MaxTtl,
    string? ApprovalGroup,
    int Approvals,
    SourceLocation Location);
