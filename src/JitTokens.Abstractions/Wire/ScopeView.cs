namespace JitTokens.Abstractions.Wire;

/// <summary>A scope of the catalog.</summary>
public sealed record ScopeView
{
    /// <summary>What the scope allows.</summary>
    public required string Description { get; init; }

    /// <summary>True when the action cannot be undone: always escalated, tokens are single-use.</summary>
    public required bool Irreversible { get; init; }

    /// <summary>The environments the scope can be issued in, by name.</summary>
    public required IReadOnlyDictionary<string, ScopeEnvironmentView> Environments { get; init; }
}
