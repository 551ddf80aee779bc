namespace JitTokens.Core.Catalog;

/// <summary>How one scope may be issued in one environment.</summary>
internal sealed record ScopeEnvironmentRule(string Environment, TimeSpan MaxTtl, ApprovalRule? Approval)
{
    /// <summary>The longest TTL in whole seconds.</summary>
    public int MaxTtlSeconds => (int)MaxTtl.TotalSeconds;
}
