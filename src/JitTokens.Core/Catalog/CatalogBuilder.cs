using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace JitTokens.Core.Catalog;

/// <summary>Merges what the files define and checks every rule of DESIGN.md §2 before building the catalog.</summary>
internal sealed partial class CatalogBuilder(TimeSpan maxTokenTtl)
{
    private readonly Dictionary<string, (EnvironmentDefinition Value, SourceLocation At)> _environments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ApproverGroup Value, SourceLocation At)> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingScope> _scopes = new(StringComparer.Ordinal);

    public List<CatalogProblem> Problems { get; } = [];

    public void AddEnvironment(string name, string audience, SourceLocation at)
    {
        if (!NameRegex().IsMatch(name))
        {
            Problems.Add(at.Problem($"environment name '{name}' must match ^[a-z][a-z0-9_-]*$"));
        }
        else if (!Uri.TryCreate(audience, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            Problems.Add(at.Problem($"environment '{name}': audience '{audience}' must be an absolute http(s) URL"));
        }
        else if (_environments.TryGetValue(name, out var earlier))
        {
            Problems.Add(at.Problem($"environment '{name}' is defined twice (first at {earlier.At})"));
        }
        else if (_environments.Values.FirstOrDefault(e => e.Value.Audience == audience) is { Value: not null } same)
        {
            Problems.Add(at.Problem($"environment '{name}' has the same audience as '{same.Value.Name}' ({same.At}); a token's audience must name exactly one environment"));
        }
        else
        {
            _environments[name] = (new EnvironmentDefinition(name, audience), at);
        }
    }

    public void AddGroup(string name, List<string> members, SourceLocation at)
    {
        if (!NameRegex().IsMatch(name))
        {
            Problems.Add(at.Problem($"approver group name '{name}' must match ^[a-z][a-z0-9_-]*$"));
        }
        else if (_groups.TryGetValue(name, out var earlier))
        {
            Problems.Add(at.Problem($"approver group '{name}' is defined twice (first at {earlier.At})"));
        }
        else if (members.Count == 0)
        {
            Problems.Add(at.Problem($"approver group '{name}' has no members"));
        }
        else if (members.Distinct(StringComparer.Ordinal).Count() != members.Count)
        {
            Problems.Add(at.Problem($"approver group '{name}' lists a member twice"));
        }
        else
        {
            _groups[name] = (new ApproverGroup(name, [.. members]), at);
        }
    }

    public void AddScope(PendingScope scope)
    {
        if (!ScopeNameRegex().IsMatch(scope.Name))
        {
            Problems.Add(scope.Location.Problem($"scope name '{scope.Name}' must match ^[a-z][a-z0-9_-]*(:[a-z][a-z0-9_-]*)+$, e.g. db:read"));
        }
        else if (_scopes.TryGetValue(scope.Name, out var earlier))
        {
            Problems.Add(scope.Location.Problem($"scope '{scope.Name}' is defined twice (first at {earlier.Location})"));
        }
        else
        {
            _scopes[scope.Name] = scope;
        }
    }

    public ScopeCatalog Build(ImmutableArray<string> sources)
    {
        var scopes = new Dictionary<string, ScopeDefinition>(StringComparer.Ordinal);
        foreach (var pending in _scopes.Values)
        {
            if (Check(pending) is { } scope)
            {
                scopes[scope.Name] = scope;
            }
        }

        if (Problems.Count == 0 && scopes.Count == 0)
        {
            Problems.Add(new(sources.FirstOrDefault() ?? "catalog", 0, 0, "the catalog defines no scopes"));
        }

        if (Problems.Count > 0)
        {
            throw new CatalogException(Problems);
        }

        return new ScopeCatalog(
            _environments.ToFrozenDictionary(e => e.Key, e => e.Value.Value, StringComparer.Ordinal),
            _groups.ToFrozenDictionary(g => g.Key, g => g.Value.Value, StringComparer.Ordinal),
            scopes.ToFrozenDictionary(StringComparer.Ordinal),
            sources);
    }

    private ScopeDefinition? Check(PendingScope scope)
    {
        var before = Problems.Count;
        if (string.IsNullOrWhiteSpace(scope.Description))
        {
            Problems.Add(scope.Location.Problem($"scope '{scope.Name}' needs a description (shown to approvers and agents)"));
        }

        var rules = new Dictionary<string, ScopeEnvironmentRule>(StringComparer.Ordinal);
        foreach (var env in scope.Environments)
        {
            if (CheckEnvironment(scope, env) is { } rule)
            {
                rules[env.Environment] = rule;
            }
        }

        return Problems.Count == before
            ? new ScopeDefinition(scope.Name, scope.Description.Trim(), scope.Irreversible, rules.ToFrozenDictionary(StringComparer.Ordinal))
            : null;
    }

    private ScopeEnvironmentRule? CheckEnvironment(PendingScope scope, PendingScopeEnvironment env)
    {
        var at = env.Location;
        var where = $"scope '{scope.Name}' in '{env.Environment}'";
        var before = Problems.Count;
        if (!_environments.ContainsKey(env.Environment))
        {
            Problems.Add(at.Problem($"{where}: environment '{env.Environment}' is not defined under environments"));
        }

        if (env.MaxTtl > maxTokenTtl)
        {
            Problems.Add(at.Problem($"{where}: max_ttl {(int)env.MaxTtl.TotalSeconds}s is above the global cap of {(int)maxTokenTtl.TotalSeconds}s (JitTokens:MaxTokenTtl)"));
        }

        if (env.ApprovalGroup is { } group)
        {
            if (!_groups.TryGetValue(group, out var defined))
            {
                Problems.Add(at.Problem($"{where}: approval group '{group}' is not defined under approvers"));
            }
            else if (env.Approvals > defined.Value.Members.Length)
            {
                Problems.Add(at.Problem($"{where}: needs {env.Approvals} approvals but group '{group}' has only {defined.Value.Members.Length} members"));
            }
        }
        else if (scope.Irreversible)
        {
            Problems.Add(at.Problem($"{where}: the scope is irreversible, so it needs an approval in every environment, e.g. approval: {{ group: infra }}"));
        }

        return Problems.Count == before
            ? new ScopeEnvironmentRule(env.Environment, env.MaxTtl, env.ApprovalGroup is { } g ? new ApprovalRule(g, env.Approvals) : null)
            : null;
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();

    [GeneratedRegex("^[a-z][a-z0-9_-]*(:[a-z][a-z0-9_-]*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex ScopeNameRegex();
}
