namespace JitTokens.Core.Catalog;

/// <summary>One thing wrong with the catalog, where it is. Line and column are 1-based; 0 when unknown.</summary>
internal sealed record CatalogProblem(string File, int Line, int Column, string Reason)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Reason}" : $"{File}: {Reason}";
}
