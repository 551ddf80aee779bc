using JitTokens.Server.Tests.Infrastructure;

namespace JitTokens.Server.Tests.Limits;

/// <summary>The server as a process refuses rate limits that cannot work, naming each key and the fix.</summary>
public sealed class RateLimitStartupTests
{
    [Fact]
    public async Task Start_BadRateLimits_RefusesAndNamesEveryKey()
    {
        var (exit, _, stderr) = await ServerBinary.RunAsync(new Dictionary<string, string?>
        {
            ["JitTokens__Catalog__Path"] = RepoPaths.Scopes,
            ["JitTokens__RateLimits__PerSession__PermitsPerSecond"] = "-5",
            ["JitTokens__RateLimits__PerHuman__Burst"] = "0",
        }, "--dev");

        Assert.Equal(2, exit);
        Assert.Contains("JitTokens:RateLimits:PerSession:PermitsPerSecond must be 0 (no limit) or a positive number", stderr, StringComparison.Ordinal);
        Assert.Contains("JitTokens:RateLimits:PerHuman:Burst must be 1 to 1000000", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
