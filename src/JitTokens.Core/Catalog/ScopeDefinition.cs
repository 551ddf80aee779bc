using System.Collections.Frozen;

namespace JitTokens.Core.Catalog;

/// <summary>A scope of the catalog and the environments it can be issued in.</summary>
internal sealed record ScopeDefinition(
    string Name,
    string Description,
    bool Irreversible,
    FrozenDictionary<string, ScopeEnvironmentRule> Environments);
