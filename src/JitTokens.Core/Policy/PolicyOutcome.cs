namespace JitTokens.Core.Policy;

/// <summary>What the catalog says to do with a token request.</summary>
internal enum PolicyOutcome
{
    Deny,
    Issue,
    Escalate,
}
