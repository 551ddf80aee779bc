using JitTokens.Abstractions.Wire;
using JitTokens.Core.Catalog;
using JitTokens.Core.Errors;
using JitTokens.Core.Options;
using JitTokens.Core.Sessions;

namespace JitTokens.Core.Policy;

/// <summary>
/// The one decision path (DESIGN.md §2, §3.2, §3.9): REST, OAuth and dry runs all ask here.
/// Checks, in order: well-formed input, exactly one known scope, the session's scopes, the
/// session's environments, the scope's environments, the TTL limit; then issue or escalate.
/// Pure: no I/O, the clock is passed in.
/// </summary>
internal sealed class IssuancePolicy(ScopeCatalog catalog, JitTokensOptions options)
{
    public PolicyDecision Decide(SessionRecord session, TokenRequest request, DateTimeOffset now)
    {
        if (CheckInput(request) is { } malformed)
        {
            return PolicyDecision.Deny(malformed);
        }

        var scopeName = request.Scope!;
        if (scopeName.AsSpan().ContainsAny(" \t\r\n") && scopeName.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length is > 1 and var count)
        {
            return PolicyDecision.Deny(JitError.InvalidScope($"exactly one scope per request; got {count}"));
        }

        if (!catalog.Scopes.TryGetValue(scopeName, out var scope))
        {
            return PolicyDecision.Deny(JitError.InvalidScope($"unknown scope {TextRules.Quote(scopeName)}; GET /v1/scopes lists the catalog"));
        }

        if (!session.Scopes.Contains(scopeName))
        {
            return PolicyDecision.Deny(JitError.ScopeNotAllowed($"scope '{scopeName}' is not granted to this session (granted: {string.Join(", ", session.Scopes)})"));
        }

        var envName = request.Environment!;
        if (!session.Environments.Contains(envName))
        {
            return PolicyDecision.Deny(JitError.EnvironmentNotAllowed($"environment {TextRules.Quote(envName)} is not granted to this session (granted: {string.Join(", ", session.Environments)})"));
        }

        if (!scope.Environments.TryGetValue(envName, out var rule))
        {
            return PolicyDecision.Deny(JitError.EnvironmentNotAllowed($"scope '{scopeName}' cannot be issued in '{envName}'; the catalog allows it in: {string.Join(", ", scope.Environments.Keys.Order(StringComparer.Ordinal))}"));
        }

        var limit = (int)Math.Min(rule.MaxTtl.TotalSeconds, options.MaxTokenTtl.TotalSeconds);
        var remaining = (int)(session.ExpiresAt - Seconds.Truncate(now)).TotalSeconds;
        var maxNow = Math.Min(limit, remaining);
        var requested = request.TtlSeconds ?? (int)Math.Min(options.DefaultTokenTtl.TotalSeconds, limit);
        if (requested > limit)
        {
            return PolicyDecision.Deny(
                JitError.TtlTooLong($"ttl_seconds {requested} is above the limit of {limit} seconds for '{scopeName}' in '{envName}'", limit),
                maxNow);
        }

        // A token never outlives its session: a TTL within the scope's limit is shortened, not refused.
        var ttl = Math.Min(requested, remaining);
        var outcome = rule.Approval is null ? PolicyOutcome.Issue : PolicyOutcome.Escalate;
        return new PolicyDecision(outcome, null, scope, catalog.Environments[envName], rule, ttl, maxNow);
    }

    private static JitError? CheckInput(TokenRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Scope))
        {
            return JitError.InvalidRequest("scope is required: name exactly one scope from the catalog");
        }

        if (string.IsNullOrWhiteSpace(request.Environment))
        {
            return JitError.InvalidRequest("environment is required, e.g. \"staging\"");
        }

        if (TextRules.CheckPurpose(request.Purpose) is { } purpose)
        {
            return JitError.InvalidRequest(purpose);
        }

        if (TextRules.CheckTarget(request.Target) is { } target)
        {
            return JitError.InvalidRequest(target);
        }

        return request.TtlSeconds is <= 0 ? JitError.InvalidRequest("ttl_seconds must be a positive number of seconds") : null;
    }
}
