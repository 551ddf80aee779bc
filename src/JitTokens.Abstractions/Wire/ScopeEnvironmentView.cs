namespace JitTokens.Abstractions.Wire;

/// <summary>The rule for one scope in one environment.</summary>
public sealed record ScopeEnvironmentView
{
    /// <summary>The longest TTL a token can have, in seconds.</summary>
    public required int MaxTtlSeconds { get; init; }

    /// <summary>Set when every request is escalated to humans.</summary>
    public ApprovalRuleView? Approval { get; init; }
}
