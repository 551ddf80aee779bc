using System.Globalization;
using JitTokens.Abstractions;
using YamlDotNet.RepresentationModel;

namespace JitTokens.Core.Catalog;

/// <summary>Walks one catalog file's YAML tree and hands what it finds to the builder, reporting where things are wrong.</summary>
internal sealed class CatalogFileReader(string file, CatalogBuilder builder)
{
    private static readonly string[] TopLevelKeys = ["environments", "approvers", "scopes"];
    private static readonly string[] ScopeKeys = ["description", "irreversible", "environments"];
    private static readonly string[] ScopeEnvironmentKeys = ["max_ttl", "approval"];
    private static readonly string[] ApprovalKeys = ["group", "approvals"];

    public void Read(YamlNode root)
    {
        if (Mapping(root, "the file must be a mapping with environments, approvers and/or scopes") is not { } top)
        {
            return;
        }

        foreach (var (key, value) in Entries(top, TopLevelKeys))
        {
            switch (key)
            {
                case "environments": ForEachEntry(value, "environments", ReadEnvironment); break;
                case "approvers": ForEachEntry(value, "approvers", ReadGroup); break;
                default: ForEachEntry(value, "scopes", ReadScope); break;
            }
        }
    }

    private void ReadEnvironment(string name, YamlNode node, SourceLocation at)
    {
        if (Mapping(node, $"environment '{name}' must be a mapping with an audience") is not { } map)
        {
            return;
        }

        string? audience = null;
        foreach (var (_, value) in Entries(map, ["audience"]))
        {
            audience = Scalar(value, $"environment '{name}': audience must be a URL");
        }

        if (audience is null)
        {
            builder.Problems.Add(at.Problem($"environment '{name}' needs an audience (the URL resource servers of that environment expect as aud)"));
            return;
        }

        builder.AddEnvironment(name, audience, at);
    }

    private void ReadGroup(string name, YamlNode node, SourceLocation at)
    {
        if (node is not YamlSequenceNode list)
        {
            builder.Problems.Add(Where(node).Problem($"approver group '{name}' must be a list of user names and chat ids"));
            return;
        }

        var members = new List<string>();
        foreach (var item in list.Children)
        {
            if (Scalar(item, $"approver group '{name}': each member must be a user name or chat id") is { } member)
            {
                members.Add(member);
            }
        }

        builder.AddGroup(name, members, at);
    }

    private void ReadScope(string name, YamlNode node, SourceLocation at)
    {
        if (Mapping(node, $"scope '{name}' must be a mapping with description and environments") is not { } map)
        {
            return;
        }

        string? description = null;
        var irreversible = false;
        var environments = new List<PendingScopeEnvironment>();
        var sawEnvironments = false;
        foreach (var (key, value) in Entries(map, ScopeKeys))
        {
            switch (key)
            {
                case "description":
                    description = Scalar(value, $"scope '{name}': description must be text");
                    break;
                case "irreversible":
                    irreversible = Boolean(value, $"scope '{name}': irreversible must be true or false");
                    break;
                default:
                    sawEnvironments = true;
                    if (value is YamlMappingNode { Children.Count: 0 } or YamlScalarNode { Value: null or "" or "~" })
                    {
                        builder.Problems.Add(Where(value).Problem($"scope '{name}' lists no environments, so it could never be issued"));
                        break;
                    }

                    ForEachEntry(value, $"scope '{name}' environments", (env, envNode, envAt) =>
                    {
                        if (ReadScopeEnvironment(name, env, envNode, envAt) is { } rule)
                        {
                            environments.Add(rule);
                        }
                    });
                    break;
            }
        }

        if (!sawEnvironments)
        {
            builder.Problems.Add(at.Problem($"scope '{name}' needs environments (where it can be issued, each with a max_ttl)"));
        }

        builder.AddScope(new PendingScope(name, description ?? string.Empty, irreversible, environments, at));
    }

    private PendingScopeEnvironment? ReadScopeEnvironment(string scope, string env, YamlNode node, SourceLocation at)
    {
        if (Mapping(node, $"scope '{scope}' in '{env}' must be a mapping like {{ max_ttl: 15m }}") is not { } map)
        {
            return null;
        }

        TimeSpan? maxTtl = null;
        string? group = null;
        var approvals = 1;
        var ok = true;
        foreach (var (key, value) in Entries(map, ScopeEnvironmentKeys))
        {
            if (key == "max_ttl")
            {
                var text = Scalar(value, $"scope '{scope}' in '{env}': max_ttl must be a duration like 15m");
                if (text is not null && JitDuration.TryParse(text, out var ttl))
                {
                    maxTtl = ttl;
                }
                else if (text is not null)
                {
                    ok = false;
                    builder.Problems.Add(Where(value).Problem($"scope '{scope}' in '{env}': max_ttl '{text}' is not a duration; use <n>s, <n>m or <n>h, e.g. 15m"));
                }

                continue;
            }

            (group, approvals, ok) = ReadApproval(scope, env, value, ok);
        }

        if (maxTtl is null)
        {
            if (ok)
            {
                builder.Problems.Add(at.Problem($"scope '{scope}' in '{env}' needs a max_ttl, e.g. {{ max_ttl: 15m }}"));
            }

            return null;
        }

        return ok ? new PendingScopeEnvironment(env, maxTtl.Value, group, approvals, at) : null;
    }

    private (string? Group, int Approvals, bool Ok) ReadApproval(string scope, string env, YamlNode node, bool ok)
    {
        if (Mapping(node, $"scope '{scope}' in '{env}': approval must be a mapping like {{ group: dba }}") is not { } map)
        {
            return (null, 1, false);
        }

        string? group = null;
        var approvals = 1;
        foreach (var (key, value) in Entries(map, ApprovalKeys))
        {
            if (key == "group")
            {
                group = Scalar(value, $"scope '{scope}' in '{env}': approval group must be a group name");
                continue;
            }

            var text = Scalar(value, $"scope '{scope}' in '{env}': approvals must be a whole number");
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out approvals) || approvals < 1)
            {
                builder.Problems.Add(Where(value).Problem($"scope '{scope}' in '{env}': approvals must be a whole number of at least 1"));
                ok = false;
            }
        }

        if (group is null)
        {
            builder.Problems.Add(Where(node).Problem($"scope '{scope}' in '{env}': approval needs a group (one of the approvers groups)"));
            ok = false;
        }

        return (group, approvals, ok);
    }

    private void ForEachEntry(YamlNode node, string what, Action<string, YamlNode, SourceLocation> read)
    {
        if (node is YamlScalarNode { Value: null or "" or "~" } && node.Tag.IsEmpty)
        {
            return; // an empty section ("scopes:") is allowed
        }

        if (Mapping(node, $"{what} must be a mapping of names") is not { } map)
        {
            return;
        }

        foreach (var (keyNode, value) in map.Children)
        {
            if (Scalar(keyNode, $"{what}: names must be plain text") is { } name)
            {
                read(name, value, Where(keyNode));
            }
        }
    }

    private IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode map, string[] allowed)
    {
        foreach (var (keyNode, value) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            if (key is null || !allowed.Contains(key, StringComparer.Ordinal))
            {
                builder.Problems.Add(Where(keyNode).Problem($"unknown key '{key}'; expected one of: {string.Join(", ", allowed)}"));
                continue;
            }

            yield return (key, value);
        }
    }

    private YamlMappingNode? Mapping(YamlNode node, string problem)
    {
        if (node is YamlMappingNode map)
        {
            return map;
        }

        builder.Problems.Add(Where(node).Problem(problem));
        return null;
    }

    private string? Scalar(YamlNode node, string problem)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return value;
        }

        builder.Problems.Add(Where(node).Problem(problem));
        return null;
    }

    private bool Boolean(YamlNode node, string problem)
    {
        switch (Scalar(node, problem))
        {
            case "true": return true;
            case "false": return false;
            case null: return false;
            default:
                builder.Problems.Add(Where(node).Problem(problem));
                return false;
        }
    }

    private SourceLocation Where(YamlNode node) => SourceLocation.Of(file, node);
}
