namespace JitTokens.Abstractions.Wire;

/// <summary>Answer to <c>GET /v1/scopes</c>: the catalog as JSON, without approver membership.</summary>
public sealed record CatalogView
{
    /// <summary>Environments by name.</summary>
    public required IReadOnlyDictionary<string, EnvironmentView> Environments { get; init; }

    /// <summary>Scopes by name.</summary>
    public required IReadOnlyDictionary<string, ScopeView> Scopes { get; init; }
}
