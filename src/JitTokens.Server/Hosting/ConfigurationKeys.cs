namespace JitTokens.Server.Hosting;

/// <summary>The configuration keys of DESIGN.md §4 (also as <c>JitTokens__…</c> environment variables).</summary>
internal static class ConfigurationKeys
{
    public const string Issuer = "JitTokens:Issuer";
    public const string CatalogPath = "JitTokens:Catalog:Path";
    public const string RedisSection = "JitTokens:Redis";
    public const string RedisConfiguration = "JitTokens:Redis:Configuration";
    public const string SigningKeysSection = "JitTokens:SigningKeys";
    public const string SigningKeysPath = "JitTokens:SigningKeys:Path";
    public const string HumansAuthority = "JitTokens:Humans:Authority";
    public const string HumansAudience = "JitTokens:Humans:Audience";
    public const string ChatWebhookUrl = "JitTokens:Chat:WebhookUrl";
    public const string ChatSigningSecret = "JitTokens:Chat:SigningSecret";

    /// <summary>The environment-variable spelling of a key, for messages.</summary>
    public static string AsEnvironmentVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
