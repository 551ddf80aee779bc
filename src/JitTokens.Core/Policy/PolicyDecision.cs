using JitTokens.Core.Catalog;
using JitTokens.Core.Errors;

namespace JitTokens.Core.Policy;

/// <summary>
/// The decision on one request. For Issue and Escalate, <see cref="TtlSeconds"/> is the TTL to
/// grant (already within the scope's limit and the session's end) and the catalog entries are set.
/// </summary>
internal sealed record PolicyDecision(
    PolicyOutcome Outcome,
    JitError? Error,
    ScopeDefinition? Scope,
    EnvironmentDefinition? Environment,
    ScopeEnvironmentRule? Rule,
    int TtlSeconds,
    int? MaxTtlSeconds)
{
    public static PolicyDecision Deny(JitError error, int? maxTtlSeconds = null)
        => new(PolicyOutcome.Deny, error, null, null, null, 0, maxTtlSeconds);
}
