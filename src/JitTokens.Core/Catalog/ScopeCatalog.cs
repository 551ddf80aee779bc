using System.Collections.Frozen;
using System.Collections.Immutable;

namespace JitTokens.Core.Catalog;

/// <summary>The loaded, validated and immutable scope catalog (DESIGN.md §2).</summary>
internal sealed class ScopeCatalog(
    FrozenDictionary<string, EnvironmentDefinition> environments,
    FrozenDictionary<string, ApproverGroup> approverGroups,
    FrozenDictionary<string, ScopeDefinition> scopes,
    ImmutableArray<string> sources)
{
    public FrozenDictionary<string, EnvironmentDefinition> Environments { get; } = environments;

    public FrozenDictionary<string, ApproverGroup> ApproverGroups { get; } = approverGroups;

    public FrozenDictionary<string, ScopeDefinition> Scopes { get; } = scopes;

    /// <summary>The files the catalog was read from, for the start-up banner.</summary>
    public ImmutableArray<string> Sources { get; } = sources;

    /// <summary>Scope names in ordinal order, for discovery.</summary>
    public ImmutableArray<string> ScopeNames { get; } = [.. scopes.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The scopes that can be issued in at least one of <paramref name="environments"/>, in ordinal order.</summary>
    public ImmutableArray<string> ScopesAvailableIn(IEnumerable<string> environments)
    {
        var wanted = environments.ToHashSet(StringComparer.Ordinal);
        return [.. ScopeNames.Where(name => Scopes[name].Environments.Keys.Any(wanted.Contains))];
    }
}
