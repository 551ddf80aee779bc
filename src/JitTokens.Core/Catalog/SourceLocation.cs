using YamlDotNet.RepresentationModel;

namespace JitTokens.Core.Catalog;

/// <summary>Where something was written in the catalog.</summary>
internal sealed record SourceLocation(string File, int Line, int Column)
{
    public static SourceLocation Of(string file, YamlNode node) => new(file, (int)node.Start.Line, (int)node.Start.Column);

    public CatalogProblem Problem(string reason) => new(File, Line, Column, reason);

    public override string ToString() => $"{File}:{Line}";
}
