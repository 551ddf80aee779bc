namespace JitTokens.Abstractions.Wire;

/// <summary>Answer to <c>POST /v1/tokens?dry_run=true</c> (200): what would happen, with nothing minted or escalated.</summary>
public sealed record DryRunResult
{
    /// <summary><c>issue</c>, <c>escalate</c> or <c>deny</c>.</summary>
    public required string Decision { get; init; }

    /// <summary>The error code a real request would get, when the decision is <c>deny</c>.</summary>
    public string? Error { get; init; }

    /// <summary>A readable reason for a denial.</summary>
    public string? ErrorDescription { get; init; }

    /// <summary>The longest TTL, in seconds, a real request could get for this scope and environment now.</summary>
    public int? MaxTtlSeconds { get; init; }
}
