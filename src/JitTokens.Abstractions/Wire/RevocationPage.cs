namespace JitTokens.Abstractions.Wire;

/// <summary>A page of <c>GET /v1/revocations</c> (DESIGN.md §3.5).</summary>
public sealed record RevocationPage
{
    /// <summary>Entries after the cursor asked for, oldest first.</summary>
    public required IReadOnlyList<RevocationItem> Items { get; init; }

    /// <summary>The cursor to pass as <c>after</c> next time: the last item's, or the one asked for when there is none. Always present.</summary>
    public required string Next { get; init; }
}
