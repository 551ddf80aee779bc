using System.Net;
using JitTokens.Core.Audit;
using JitTokens.TestSupport.Clock;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitTokens.Server.Tests.Infrastructure;

/// <summary>
/// The real server in process, in dev mode on the in-memory store by default, with its own
/// audit file, a manual clock, loopback callers and every log line captured.
/// </summary>
public sealed class JitServerFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public JitServerFactory(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, IPAddress? remoteAddress = null)
    {
        Directory.CreateDirectory(WorkDirectory);
        _settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["JitTokens:Dev"] = "true",
            ["JitTokens:Catalog:Path"] = RepoPaths.Scopes,
            ["JitTokens:Audit:FilePath"] = AuditPath,
            ["JitTokens:Issuer"] = "http://jit.test",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        _services = services;
        RemoteAddress = remoteAddress ?? IPAddress.Loopback;
    }

    public ManualTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "jittokens-tests", Guid.NewGuid().ToString("N"));

    public string AuditPath => Path.Combine(WorkDirectory, "audit.ndjson");

    public IPAddress RemoteAddress { get; }

    internal CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Every audit event written so far, as raw NDJSON lines.</summary>
    public IReadOnlyList<string> AuditLines()
    {
        using var stream = new FileStream(AuditPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IStartupFilter>(new LoopbackStartupFilter(RemoteAddress));
            _services?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(WorkDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The audit sink the server uses (to reach it from tests, e.g. to replace it).</summary>
    internal IAuditSink AuditSink => Services.GetRequiredService<IAuditSink>();
}
