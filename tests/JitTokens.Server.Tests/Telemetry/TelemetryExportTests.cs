using System.Net;
using JitTokens.Core.Telemetry;
using JitTokens.Server.Telemetry;
using JitTokens.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JitTokens.Server.Tests.Telemetry;

/// <summary>
/// The OTLP export as an operator turns it on: the standard <c>OTEL_*</c> settings, a collector at the endpoint,
/// and the spans and metrics arriving there (flushed when the host stops) without any credential in them.
/// </summary>
public sealed class TelemetryExportTests
{
    [Fact]
    public async Task OtelSettings_ExportTracesAndMetricsToTheCollector_FlushedAtShutdown()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        var factory = new JitServerFactory(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "jittokens-export-test",
            // Nothing leaves before shutdown on its own: what arrives was flushed by stopping the host.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "600000",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "600000",
        });
        string sessionToken, accessToken;
        using (var http = factory.CreateClient())
        {
            var api = new Api(http);
            var export = factory.Services.GetRequiredService<OpenTelemetryExport>();
            Assert.NotNull(export.Traces);
            Assert.NotNull(export.Metrics);
            var (_, session) = await api.StartAsync();
            var issued = await api.IssueAsync(session.SessionToken);
            (sessionToken, accessToken) = (session.SessionToken, issued.AccessToken);
            Assert.Empty(collector.Received("traces"));

        }

        // The program's RunAsync disposes the host (and with it the providers, which flush) once it has stopped.
        factory.Dispose();
        await TelemetryTests.WaitForAsync(() => collector.Received("metrics"), m => m.Contains(JitMetrics.Names.TokenRequests, StringComparison.Ordinal));

        var traces = collector.Received("traces");
        Assert.Contains("jittokens-export-test", traces, StringComparison.Ordinal);
        Assert.Contains(JitTelemetry.Spans.TokenRequest, traces, StringComparison.Ordinal);
        Assert.Contains(JitTelemetry.Spans.Sign, traces, StringComparison.Ordinal);
        Assert.Contains(JitTelemetry.Spans.AuditCommit, traces, StringComparison.Ordinal);
        Assert.Contains("POST /v1/tokens", traces, StringComparison.Ordinal);
        var metrics = collector.Received("metrics");
        Assert.Contains(JitMetrics.Names.TokenRequests, metrics, StringComparison.Ordinal);
        Assert.Contains(JitMetrics.Names.TokensIssued, metrics, StringComparison.Ordinal);
        Assert.Contains(JitMetrics.Names.AuditWriteDuration, metrics, StringComparison.Ordinal);
        Assert.Contains("http.server.request.duration", metrics, StringComparison.Ordinal);
        Assert.All(collector.ContentTypes, t => Assert.Equal("application/x-protobuf", t));
        foreach (var payload in new[] { traces, metrics })
        {
            Assert.DoesNotContain(sessionToken, payload, StringComparison.Ordinal);
            Assert.DoesNotContain(accessToken, payload, StringComparison.Ordinal);
            Assert.DoesNotContain("jits_", payload, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null, null, null, null, false, false)]
    [InlineData("http://127.0.0.1:4317", null, null, null, true, true)]
    [InlineData("http://127.0.0.1:4317", "none", null, null, false, true)]
    [InlineData("http://127.0.0.1:4317", null, "none", null, true, false)]
    [InlineData(null, "otlp", null, null, true, false)]
    [InlineData("http://127.0.0.1:4317", null, null, "true", false, false)]
    public void OtelSettings_DecideWhatIsExported(string? endpoint, string? tracesExporter, string? metricsExporter, string? disabled, bool traces, bool metrics)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_TRACES_EXPORTER"] = tracesExporter,
            ["OTEL_METRICS_EXPORTER"] = metricsExporter,
            ["OTEL_SDK_DISABLED"] = disabled,
        }).Build();
        using var export = OpenTelemetryExport.Create(configuration);
        Assert.Equal(traces, export.Traces is not null);
        Assert.Equal(metrics, export.Metrics is not null);
    }

    [Fact]
    public async Task WithoutOtelSettings_NothingIsBuilt()
    {
        using var factory = new JitServerFactory();
        using var client = factory.CreateClient();
        using var ready = await client.GetAsync("/readyz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var export = factory.Services.GetRequiredService<OpenTelemetryExport>();
        Assert.Null(export.Traces);
        Assert.Null(export.Metrics);
    }
}
