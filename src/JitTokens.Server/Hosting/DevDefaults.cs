namespace JitTokens.Server.Hosting;

/// <summary>What dev mode fills in when nothing is configured.</summary>
internal static class DevDefaults
{
    public const string Url = "http://localhost:5080";

    /// <summary>The issuer is the URL the dev server listens on, with wildcard hosts read as localhost.</summary>
    public static string Issuer(IConfiguration configuration)
    {
        var first = (configuration["urls"] ?? Url).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? Url;
        if (!Uri.TryCreate(first.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return Url;
        }

        var host = uri.Host is "0.0.0.0" or "[::]" ? "localhost" : uri.Host;
        return $"{uri.Scheme}://{host}:{uri.Port}";
    }

    /// <summary>The nearest <c>scopes</c> folder from the working directory upwards, so <c>dotnet run --project src/JitTokens.Server</c> finds the repository's catalog.</summary>
    public static string CatalogPath()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scopes");
            if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.yaml").Any())
            {
                return candidate;
            }
        }

        return "scopes";
    }

    /// <summary><c>data/audit.ndjson</c> next to the catalog folder (the repository root when run from a clone).</summary>
    public static string AuditPath(string catalogPath)
        => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(catalogPath)) ?? ".", "data", "audit.ndjson");
}
