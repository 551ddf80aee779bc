namespace JitTokens.Validation.Issuer;

/// <summary>A page of <c>GET /v1/revocations</c> (DESIGN.md §3.5).</summary>
internal sealed record RevocationPageDocument
{
    public List<RevocationItemDocument>? Items { get; init; }

    /// <summary>The cursor to read on from: the last item's, or the one asked for.</summary>
    public string? Next { get; init; }
}
