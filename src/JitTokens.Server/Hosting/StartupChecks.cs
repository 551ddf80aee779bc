namespace JitTokens.Server.Hosting;

/// <summary>Outside dev mode the server needs a real store, a human identity provider, signing keys and its issuer URL (DESIGN.md §4).</summary>
internal static class StartupChecks
{
    private static readonly (string Key, string Example)[] Required =
    [
        (ConfigurationKeys.RedisConfiguration, "127.0.0.1:6379"),
        (ConfigurationKeys.HumansAuthority, "https://login.example.com/realms/corp"),
        (ConfigurationKeys.HumansAudience, "jittokens"),
        (ConfigurationKeys.SigningKeysPath, "/etc/jittokens/keys"),
        (ConfigurationKeys.Issuer, "https://jit.internal.example"),
    ];

    public static void EnsureConfigured(IConfiguration configuration, ServerMode mode)
    {
        if (mode.IsDev)
        {
            return;
        }

        var missing = Required.Where(r => string.IsNullOrWhiteSpace(configuration[r.Key])).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var lines = missing.Select(m => $"  - {m.Key} (environment variable {ConfigurationKeys.AsEnvironmentVariable(m.Key)}), e.g. {m.Example}");
        throw new StartupException(
            "not in dev mode, and these settings are missing:" + Environment.NewLine
            + string.Join(Environment.NewLine, lines) + Environment.NewLine
            + "Set them (see README.md, Configuration), or run with --dev for a local server on the embedded store.");
    }
}
