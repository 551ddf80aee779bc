namespace JitTokens.Core.Catalog;

/// <summary>The catalog is invalid; the server refuses to start. Lists every problem found, with file and line.</summary>
internal sealed class CatalogException(IReadOnlyList<CatalogProblem> problems)
    : Exception("invalid scope catalog:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    public IReadOnlyList<CatalogProblem> Problems { get; } = problems;
}
