namespace JitTokens.Abstractions.Wire;

/// <summary>Answer to <c>GET /v1/sessions</c>: newest first.</summary>
public sealed record SessionList
{
    /// <summary>The sessions the caller may see.</summary>
    public required IReadOnlyList<SessionView> Sessions { get; init; }
}
