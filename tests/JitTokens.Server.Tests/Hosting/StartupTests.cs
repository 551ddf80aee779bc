using JitTokens.Server.Tests.Infrastructure;

namespace JitTokens.Server.Tests.Hosting;

/// <summary>The server as a process: it refuses to start on missing configuration or a bad catalog, and says exactly why.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("jit-startup-").FullName;

    [Fact]
    public async Task Start_WithoutDevAndWithoutConfiguration_RefusesAndNamesEveryMissingSetting()
    {
        var (exit, _, stderr) = await ServerBinary.RunAsync(new Dictionary<string, string?> { ["JitTokens__Catalog__Path"] = RepoPaths.Scopes });

        Assert.Equal(2, exit);
        Assert.Contains("JitTokens cannot start", stderr, StringComparison.Ordinal);
        foreach (var key in new[] { "JitTokens:Redis:Configuration", "JitTokens:Humans:Authority", "JitTokens:Humans:Audience", "JitTokens:SigningKeys:Path", "JitTokens:Issuer" })
        {
            Assert.Contains(key, stderr, StringComparison.Ordinal);
        }

        Assert.Contains("JitTokens__Redis__Configuration", stderr, StringComparison.Ordinal);
        Assert.Contains("--dev", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithoutDev_PartlyConfigured_NamesOnlyWhatIsMissing()
    {
        var (exit, _, stderr) = await ServerBinary.RunAsync(new Dictionary<string, string?>
        {
            ["JitTokens__Catalog__Path"] = RepoPaths.Scopes,
            ["JitTokens__Redis__Configuration"] = "127.0.0.1:1",
            ["JitTokens__Issuer"] = "https://jit.example",
            ["JitTokens__SigningKeys__Path"] = _dir,
        });

        Assert.Equal(2, exit);
        Assert.Contains("JitTokens:Humans:Authority", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("JitTokens:Redis:Configuration", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InvalidCatalog_RefusesWithFileLineAndReason()
    {
        File.WriteAllText(Path.Combine(_dir, "env.yaml"), "environments:\n  staging: { audience: https://s.example.com }\n");
        File.WriteAllText(Path.Combine(_dir, "scopes.yaml"), "scopes:\n  db:read:\n    description: Read.\n    environments:\n      staging: { max_ttl: 1h }\n      prod: { max_ttl: 1h }\n");

        var (exit, _, stderr) = await ServerBinary.RunAsync(new Dictionary<string, string?> { ["JitTokens__Catalog__Path"] = _dir }, "--dev");

        Assert.Equal(2, exit);
        Assert.Contains("scopes.yaml:6:", stderr, StringComparison.Ordinal);
        Assert.Contains("environment 'prod' is not defined", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadLimits_RefusesWithTheOptionsProblem()
    {
        var (exit, _, stderr) = await ServerBinary.RunAsync(new Dictionary<string, string?>
        {
            ["JitTokens__Catalog__Path"] = RepoPaths.Scopes,
            ["JitTokens__PollIntervalSeconds"] = "0",
        }, "--dev");

        Assert.Equal(2, exit);
        Assert.Contains("PollIntervalSeconds", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_EmptyKeyFolder_RefusesAndSaysHowToCreateAKey()
    {
        var (exit, _, stderr) = await ServerBinary.RunAsync(new Dictionary<string, string?>
        {
            ["JitTokens__Catalog__Path"] = RepoPaths.Scopes,
            ["JitTokens__SigningKeys__Path"] = _dir,
        }, "--dev");

        Assert.Equal(2, exit);
        Assert.Contains("ops/rotate-key", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ChatWebhookWithoutSigningSecret_Refuses()
    {
        var (exit, _, stderr) = await ServerBinary.RunAsync(new Dictionary<string, string?>
        {
            ["JitTokens__Catalog__Path"] = RepoPaths.Scopes,
            ["JitTokens__Chat__WebhookUrl"] = "https://hooks.slack.com/services/T0/B0/secretpart",
        }, "--dev");

        Assert.Equal(2, exit);
        Assert.Contains("JitTokens:Chat:SigningSecret is required", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("secretpart", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithoutDev_ChatApproversNotLinkedToUserNames_Refuses()
    {
        using (var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            await File.WriteAllTextAsync(Path.Combine(_dir, "20260101T000000Z.pem"), key.ExportPkcs8PrivateKeyPem());
        }

        var (exit, _, stderr) = await ServerBinary.RunAsync(new Dictionary<string, string?>
        {
            ["JitTokens__Catalog__Path"] = RepoPaths.Scopes,
            ["JitTokens__Redis__Configuration"] = "127.0.0.1:1,abortConnect=false",
            ["JitTokens__Humans__Authority"] = "https://login.example.com/realms/corp",
            ["JitTokens__Humans__Audience"] = "jittokens",
            ["JitTokens__SigningKeys__Path"] = _dir,
            ["JitTokens__Issuer"] = "https://jit.internal.example",
            ["JitTokens__Chat__WebhookUrl"] = "https://hooks.slack.com/services/T0/B0/secretpart",
            ["JitTokens__Chat__SigningSecret"] = "0123456789abcdef0123456789abcdef",
            ["JitTokens__Chat__Users__U0DBA01"] = "dana",
        });

        Assert.Equal(2, exit);
        Assert.Contains("not linked to a user name: slack:U0INF01, slack:U0INF02", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("slack:U0DBA01", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
