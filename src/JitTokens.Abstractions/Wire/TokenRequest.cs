using System.Text.Json.Serialization;
using JitTokens.Abstractions.Json;

namespace JitTokens.Abstractions.Wire;

/// <summary>Body of <c>POST /v1/tokens</c> (DESIGN.md §3.2).</summary>
public sealed record TokenRequest
{
    /// <summary>Exactly one scope from the catalog, e.g. <c>db:read</c>.</summary>
    [JsonConverter(typeof(ScopeStringConverter))]
    public string? Scope { get; init; }

    /// <summary>The environment the token is for, e.g. <c>staging</c>.</summary>
    public string? Environment { get; init; }

    /// <summary>Why the agent needs the token, 8–500 characters, one line.</summary>
    public string? Purpose { get; init; }

    /// <summary>Lifetime in seconds. Default min(300, max_ttl); above the scope's max_ttl is refused.</summary>
    public int? TtlSeconds { get; init; }

    /// <summary>The single object the token is valid for, 1–200 characters. Optional.</summary>
    public string? Target { get; init; }
}
