using System.Collections.Concurrent;
using System.Text;
using JitTokens.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JitTokens.Server.Tests.Telemetry;

/// <summary>
/// A stand-in for an OpenTelemetry Collector's OTLP/HTTP receiver on a loopback port: accepts protobuf posts to
/// <c>/v1/traces</c> and <c>/v1/metrics</c> and keeps their bodies. OTLP protobuf carries names and string attribute
/// values as plain UTF-8, so tests can look for span and instrument names (and for secrets) in the raw bytes.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Signal, string ContentType, byte[] Body)> _posts = new();

    private OtlpReceiver(WebApplication app, string endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The base URL, as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> takes it with <c>http/protobuf</c>.</summary>
    public string Endpoint { get; }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, $"http://127.0.0.1:{port}");
        app.MapPost("/v1/{signal}", async (HttpContext context, string signal) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver._posts.Enqueue((signal, context.Request.ContentType ?? "", body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Every body received for <paramref name="signal"/> (traces, metrics), as UTF-8 text with the binary parts garbled.</summary>
    public string Received(string signal) => string.Concat(_posts.Where(p => p.Signal == signal).Select(p => Encoding.UTF8.GetString(p.Body)));

    public IReadOnlyList<string> ContentTypes => [.. _posts.Select(p => p.ContentType).Distinct()];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
