using JitTokens.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitTokens.Server.Tests.Hosting;

/// <summary>
/// ASP.NET Core starts an Activity and a log scope on every request whenever its hosting-diagnostics category logs at
/// any level (3-13 % of issuance throughput in alternating ops/bench/issue runs), so the server's defaults turn that
/// category off; configuration can turn it back on.
/// </summary>
public sealed class LoggingDefaultsTests
{
    private const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    [Fact]
    public void HostingDiagnostics_IsOffByDefault()
    {
        using var factory = new JitServerFactory();

        var logger = factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger(HostingDiagnostics);

        Assert.False(logger.IsEnabled(LogLevel.Critical));
        Assert.True(factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger("JitTokens.Server").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void HostingDiagnostics_CanBeTurnedBackOn()
    {
        using var factory = new JitServerFactory(new Dictionary<string, string?> { ["Logging:LogLevel:" + HostingDiagnostics] = "Information" });

        var logger = factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger(HostingDiagnostics);

        Assert.True(logger.IsEnabled(LogLevel.Information));
    }
}
