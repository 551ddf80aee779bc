namespace JitTokens.Abstractions.Wire;

/// <summary>Answer to <c>POST /dev/login</c>: a human JWT for the dev server.</summary>
public sealed record DevLoginResponse
{
    /// <summary>The human JWT; send it as <c>Authorization: Bearer</c>.</summary>
    public required string Token { get; init; }

    /// <summary>Prints the record with <see cref="Token"/> redacted, so logging it never leaks the credential.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder) => Redacted.PrintMembers(this, builder, nameof(Token));
}
