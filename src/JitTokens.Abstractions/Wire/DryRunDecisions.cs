namespace JitTokens.Abstractions.Wire;

/// <summary>Values of <see cref="DryRunResult.Decision"/>.</summary>
public static class DryRunDecisions
{
    /// <summary>A real request would be issued a token at once.</summary>
    public const string Issue = "issue";
    /// <summary>A real request would be escalated to humans.</summary>
    public const string Escalate = "escalate";
    /// <summary>A real request would be refused.</summary>
    public const string Deny = "deny";
}
