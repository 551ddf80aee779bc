namespace JitTokens.Abstractions.Wire;

/// <summary>Body of <c>POST /v1/sessions</c> (DESIGN.md §3.1).</summary>
public sealed record StartSessionRequest
{
    /// <summary>The agent's name, 1–64 characters of letters, digits and <c>._:@/-</c>.</summary>
    public string? Agent { get; init; }

    /// <summary>The environments the agent may ask tokens for; at least one.</summary>
    public IReadOnlyList<string>? Environments { get; init; }

    /// <summary>The scopes the agent may ask for. Default: every scope the catalog allows in <see cref="Environments"/>.</summary>
    public IReadOnlyList<string>? Scopes { get; init; }

    /// <summary>Session lifetime in seconds. Default 7200, maximum 43200 (configurable).</summary>
    public int? TtlSeconds { get; init; }

    /// <summary>Why the session exists, 8–500 characters, one line.</summary>
    public string? Purpose { get; init; }
}
