namespace JitTokens.Abstractions.Wire;

/// <summary>An environment of the catalog.</summary>
public sealed record EnvironmentView
{
    /// <summary>The audience (<c>aud</c>) of tokens for this environment.</summary>
    public required string Audience { get; init; }
}
