using System.Collections.Immutable;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace JitTokens.Core.Catalog;

/// <summary>
/// Reads every <c>*.yaml</c> file of the catalog folder, merges them and validates the result
/// (DESIGN.md §2). Any problem stops the load with the file, line and reason of each problem.
/// </summary>
internal static class CatalogLoader
{
    /// <summary>Loads the catalog from <paramref name="directory"/>.</summary>
    /// <exception cref="CatalogException">The folder is missing, empty or holds an invalid catalog.</exception>
    public static ScopeCatalog LoadDirectory(string directory, TimeSpan maxTokenTtl)
    {
        if (!Directory.Exists(directory))
        {
            throw new CatalogException([new(directory, 0, 0, "catalog folder not found; set JitTokens:Catalog:Path to the folder holding the scopes/*.yaml files")]);
        }

        var files = Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new CatalogException([new(directory, 0, 0, "no *.yaml files in the catalog folder")]);
        }

        return Load(files.Select(f => (f, File.ReadAllText(f))), maxTokenTtl);
    }

    /// <summary>Loads the catalog from (file name, YAML text) pairs; the names only label problems.</summary>
    public static ScopeCatalog Load(IEnumerable<(string File, string Text)> files, TimeSpan maxTokenTtl)
    {
        var builder = new CatalogBuilder(maxTokenTtl);
        var sources = ImmutableArray.CreateBuilder<string>();
        foreach (var (file, text) in files)
        {
            sources.Add(file);
            ReadFile(file, text, builder);
        }

        return builder.Build(sources.ToImmutable());
    }

    private static void ReadFile(string file, string text, CatalogBuilder builder)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            builder.Problems.Add(new(file, (int)e.Start.Line, (int)e.Start.Column, "not valid YAML: " + FirstLine(e.Message)));
            return;
        }

        if (stream.Documents.Count == 0)
        {
            builder.Problems.Add(new(file, 0, 0, "the file is empty"));
            return;
        }

        if (stream.Documents.Count > 1)
        {
            builder.Problems.Add(SourceLocation.Of(file, stream.Documents[1].RootNode).Problem("one YAML document per file"));
            return;
        }

        new CatalogFileReader(file, builder).Read(stream.Documents[0].RootNode);
    }

    private static string FirstLine(string message)
    {
        var i = message.IndexOf('\n', StringComparison.Ordinal);
        return i < 0 ? message : message[..i];
    }
}
