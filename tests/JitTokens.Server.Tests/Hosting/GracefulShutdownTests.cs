using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Core.Telemetry;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.Server.Tests.Telemetry;

namespace JitTokens.Server.Tests.Hosting;

/// <summary>
/// Issue 6 item 3: SIGTERM (what systemd and Kubernetes send) stops the issuer cleanly: requests in flight are
/// answered, every token a client received is in the issuance log, a checkpoint signs the final head, the
/// telemetry still buffered reaches the collector, and the process exits 0.
/// </summary>
public sealed class GracefulShutdownTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SigTermUnderLoad_AnswersInFlight_FlushesLogCheckpointAndTelemetry_ExitsZero()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        var dir = Directory.CreateTempSubdirectory("jit-sigterm-").FullName;
        var audit = Path.Combine(dir, "audit.ndjson");
        using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["JitTokens__Audit__FilePath"] = audit,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // Only the shutdown flush can deliver these.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "600000",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "600000",
        }, Ct);
        try
        {
            var http = server.Http;
            var api = new Api(http);
            var (_, session) = await api.StartAsync();
            var received = new ConcurrentBag<string>();
            var statuses = new ConcurrentBag<HttpStatusCode>();
            var load = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        using var response = await api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"));
                        statuses.Add(response.StatusCode);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            received.Add((await Api.ReadAsync(response, JitJsonContext.Default.TokenIssued)).TokenId);
                        }
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    // The server has stopped listening.
                }
            })).ToList();

            // A resource server following the revocation feed: a stream that never ends by itself.
            using var follower = new HttpClient { BaseAddress = http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
            using var stream = await follower.GetAsync("/v1/revocations/stream", HttpCompletionOption.ResponseHeadersRead, Ct);
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            var streamEnded = stream.Content.ReadAsStringAsync(Ct);

            await WaitUntilAsync(() => Task.FromResult(received.Count >= 200));
            var signalled = Stopwatch.StartNew();
            await TerminateAsync(server.Process);
            await Task.WhenAll(load);
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct))
            {
                deadline.CancelAfter(TimeSpan.FromSeconds(45));
                await server.Process.WaitForExitAsync(deadline.Token);
            }

            // The open stream was ended at once rather than holding shutdown for its whole timeout (30 s).
            Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(15), $"shutdown took {signalled.Elapsed}");
            Assert.StartsWith("retry: 1000", await streamEnded.WaitAsync(TimeSpan.FromSeconds(5), Ct), StringComparison.Ordinal);

            var log = server.Output;
            Assert.True(server.Process.ExitCode == 0, $"exit code {server.Process.ExitCode}:\n{log}");
            Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
            Assert.DoesNotContain(session.SessionToken, log, StringComparison.Ordinal);

            // No request was cut off with a server error while the issuer stopped (429s are the per-session limit at work).
            Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.TooManyRequests, s.ToString()));

            // Every token handed out is in the log, and the checkpoint written at shutdown signs its final head.
            var events = File.ReadAllLines(audit).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditEvent)!).ToList();
            var issued = events.Where(e => e.Type == AuditEventTypes.TokenIssued).Select(e => e.TokenId).ToHashSet();
            Assert.All(received, id => Assert.Contains(id, issued));
            var checkpoints = File.ReadAllLines(Path.ChangeExtension(audit, null) + ".checkpoints.ndjson").Where(l => l.Length > 0).ToList();
            var last = JsonSerializer.Deserialize(checkpoints[^1], JitJsonContext.Default.AuditCheckpoint)!;
            Assert.Equal(events[^1].Seq, last.Seq);
            Assert.Equal(events[^1].Hash, last.Hash);

            // What was still buffered went out on the way down.
            Assert.Contains(JitTelemetry.Spans.TokenRequest, collector.Received("traces"), StringComparison.Ordinal);
            Assert.Contains(JitMetrics.Names.TokensIssued, collector.Received("metrics"), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Sends SIGTERM as a service manager does (kill(1) from coreutils/procps).</summary>
    private static async Task TerminateAsync(Process process)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync(Ct);
        Assert.Equal(0, kill.ExitCode);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
