namespace JitTokens.Abstractions.Wire;

/// <summary>Answer to <c>POST /dev/login</c>: a human JWT for the dev server.</summary>
public sealed record DevLoginResponse
{
    /// <summary>The human JWT; send it as <c>Authorization: Bearer</c>.</summary>
    public required string Token { get; init; }
}
