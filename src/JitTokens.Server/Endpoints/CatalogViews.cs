using JitTokens.Abstractions.Wire;
using JitTokens.Core.Catalog;

namespace JitTokens.Server.Endpoints;

/// <summary>The catalog as <c>GET /v1/scopes</c> shows it: everything but who is in the approver groups.</summary>
internal static class CatalogViews
{
    public static CatalogView ToView(this ScopeCatalog catalog) => new()
    {
        Environments = catalog.Environments.Values
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToDictionary(e => e.Name, e => new EnvironmentView { Audience = e.Audience }, StringComparer.Ordinal),
        Scopes = catalog.ScopeNames.ToDictionary(name => name, name => ToView(catalog.Scopes[name]), StringComparer.Ordinal),
    };

    private static ScopeView ToView(ScopeDefinition scope) => new()
    {
        Description = scope.Description,
        Irreversible = scope.Irreversible,
        Environments = scope.Environments.Values
            .OrderBy(r => r.Environment, StringComparer.Ordinal)
            .ToDictionary(r => r.Environment, r => new ScopeEnvironmentView
            {
                MaxTtlSeconds = r.MaxTtlSeconds,
                Approval = r.Approval is { } a ? new ApprovalRuleView { Group = a.Group, Approvals = a.Approvals } : null,
            }, StringComparer.Ordinal),
    };
}
