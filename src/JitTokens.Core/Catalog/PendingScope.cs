namespace JitTokens.Core.Catalog;

/// <summary>A scope as read from one file, before references to environments and groups are checked.</summary>
internal sealed record PendingScope(
    string Name,
    string Description,
    bool Irreversible,
    IReadOnlyList<PendingScopeEnvironment> Environments,
    SourceLocation Location);
