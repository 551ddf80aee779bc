namespace JitTokens.Server.Hosting;

/// <summary>Where the scope catalog is (configuration section <c>JitTokens:Catalog</c>).</summary>
internal sealed class CatalogOptions
{
    public const string SectionName = "JitTokens:Catalog";

    /// <summary>The folder of <c>*.yaml</c> files. Default <c>scopes</c>: in dev mode looked up from the working directory upwards, otherwise relative to the working directory.</summary>
    public string? Path { get; set; }
}
