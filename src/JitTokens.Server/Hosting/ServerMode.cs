namespace JitTokens.Server.Hosting;

/// <summary>
/// Dev mode (<c>--dev</c>): the embedded store, a generated signing key, <c>POST /dev/login</c>.
/// <c>--dev</c> is translated to the configuration key <see cref="DevKey"/> so tests and
/// environment variables (<c>JitTokens__Dev=true</c>) can select it the same way.
/// </summary>
internal sealed record ServerMode(bool IsDev)
{
    public const string DevKey = "JitTokens:Dev";

    public static string[] TranslateArgs(string[] args)
        => [.. args.Select(a => a == "--dev" ? $"--{DevKey}=true" : a)];

    public static ServerMode From(IConfiguration configuration)
        => new(string.Equals(configuration[DevKey], "true", StringComparison.OrdinalIgnoreCase));
}
