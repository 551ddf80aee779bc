using JitTokens.Core.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace JitTokens.Server.Telemetry;

/// <summary>
/// Exports the issuer's traces and metrics over OTLP when the standard <c>OTEL_*</c> settings ask for it
/// (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/): an OTLP endpoint
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, or the per-signal <c>…_TRACES_ENDPOINT</c> / <c>…_METRICS_ENDPOINT</c>),
/// or <c>OTEL_TRACES_EXPORTER</c> / <c>OTEL_METRICS_EXPORTER</c> set to <c>otlp</c>; <c>none</c> turns a signal off and
/// <c>OTEL_SDK_DISABLED=true</c> turns both off. Everything else (protocol, headers, timeout, sampler, batch and
/// export intervals, resource attributes) is read by the SDK from the same settings. With none of them set nothing
/// is built and the issuer pays nothing for telemetry.
/// <para>
/// Built with <c>Sdk.Create…Builder()</c> over the issuer's <c>JitTokens</c> ActivitySource and Meter and ASP.NET
/// Core's own (<c>Microsoft.AspNetCore</c> spans; hosting, Kestrel and routing meters) — the hosting and
/// instrumentation packages are not used (STYLE.md). Disposed with the host, after the audit log is flushed
/// (see <see cref="Hosting.JitTokensServerExtensions.LoadEagerly"/>), which flushes both signals.
/// </para>
/// </summary>
internal sealed class OpenTelemetryExport : IDisposable
{
    /// <summary>The service name when <c>OTEL_SERVICE_NAME</c> does not give one.</summary>
    public const string DefaultServiceName = "jittokens";

    /// <summary>ASP.NET Core's ActivitySource (one span per request).</summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    /// <summary>ASP.NET Core's meters: request duration and active requests, connections, routing.</summary>
    public static readonly string[] AspNetCoreMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Diagnostics"];

    private OpenTelemetryExport(TracerProvider? traces, MeterProvider? metrics)
    {
        Traces = traces;
        Metrics = metrics;
    }

    public TracerProvider? Traces { get; }

    public MeterProvider? Metrics { get; }

    /// <summary>Builds what <paramref name="configuration"/> (the host's: environment variables, appsettings, command line) asks for.</summary>
    public static OpenTelemetryExport Create(IConfiguration configuration)
    {
        if (IsTrue(configuration["OTEL_SDK_DISABLED"]))
        {
            return new OpenTelemetryExport(null, null);
        }

        var version = typeof(OpenTelemetryExport).Assembly.GetName().Version?.ToString(3);
        var serviceName = configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } named ? named : DefaultServiceName;

        TracerProvider? traces = null;
        if (Wants(configuration, "TRACES"))
        {
            traces = Sdk.CreateTracerProviderBuilder()
                .ConfigureServices(s => s.AddSingleton(configuration))
                .ConfigureResource(r => r.AddService(serviceName, serviceVersion: version))
                .AddSource(JitTelemetry.Name, AspNetCoreSource)
                .AddOtlpExporter()
                .Build();
        }

        MeterProvider? metrics = null;
        if (Wants(configuration, "METRICS"))
        {
            metrics = Sdk.CreateMeterProviderBuilder()
                .ConfigureServices(s => s.AddSingleton(configuration))
                .ConfigureResource(r => r.AddService(serviceName, serviceVersion: version))
                .AddMeter([JitTelemetry.Name, .. AspNetCoreMeters])
                .AddOtlpExporter()
                .Build();
        }

        return new OpenTelemetryExport(traces, metrics);
    }

    /// <summary>Whether a signal is exported: not turned off, and an OTLP endpoint or the OTLP exporter is named.</summary>
    internal static bool Wants(IConfiguration configuration, string signal)
    {
        var exporter = configuration[$"OTEL_{signal}_EXPORTER"];
        if (string.Equals(exporter, "none", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return string.Equals(exporter, "otlp", StringComparison.OrdinalIgnoreCase)
            || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            || !string.IsNullOrWhiteSpace(configuration[$"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"]);
    }

    /// <summary>Flushes and stops both providers (each waits for its exporter, bounded by the SDK's own timeouts).</summary>
    public void Dispose()
    {
        Traces?.Dispose();
        Metrics?.Dispose();
    }

    private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
