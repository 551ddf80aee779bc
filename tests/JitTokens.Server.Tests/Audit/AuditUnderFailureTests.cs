using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Wire;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Audit;

/// <summary>
/// Issue 4: no answered request lacks its event, even when Redis stops under load or the server
/// is killed with SIGKILL; requests during an outage fail fast with 503.
/// </summary>
public sealed class AuditUnderFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RedisStoppedUnderLoad_EveryTokenReceivedIsLogged_AndFailuresAreFast503s()
    {
        await using var redis = await RedisServer.StartNewAsync(Ct);
        using var factory = new JitServerFactory(new Dictionary<string, string?>
        {
            ["JitTokens:Redis:Configuration"] = redis.Configuration,
            ["JitTokens:Redis:KeyPrefix"] = RedisServer.NewKeyPrefix(),
            ["JitTokens:Redis:OperationTimeout"] = "00:00:01",
            ["JitTokens:RateLimits:PerSession:PermitsPerSecond"] = "0", // a flood from one session is the point here
        });
        var api = new Api(factory.CreateClient());
        var (_, session) = await api.StartAsync();
        var received = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<(HttpStatusCode Status, TimeSpan Took)>();
        using var stop = new CancellationTokenSource();

        var load = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"));
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    received.Add((await Api.ReadAsync(response, JitJsonContext.Default.TokenIssued)).TokenId);
                }
                else
                {
                    failures.Add((response.StatusCode, Stopwatch.GetElapsedTime(started)));
                }
            }
        })).ToList();
        await WaitUntilAsync(() => received.Count >= 50);
        await redis.StopAsync();
        await WaitUntilAsync(() => failures.Count >= 8);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var logged = factory.AuditLines()
            .Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditEvent)!)
            .Where(e => e.Type == AuditEventTypes.TokenIssued)
            .Select(e => e.TokenId)
            .ToHashSet();
        Assert.All(received, id => Assert.Contains(id, logged));
        Assert.All(failures, f =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, f.Status);
            Assert.True(f.Took < TimeSpan.FromSeconds(5), $"a failure took {f.Took.TotalSeconds:0.0} s");
        });
        api.Http.Dispose();
    }

    [Fact]
    public async Task ServerKilledUnderLoad_NoAnsweredRequestLacksItsEvent_FileLog()
    {
        var dir = Directory.CreateTempSubdirectory("jit-sigkill-").FullName;
        try
        {
            var audit = Path.Combine(dir, "audit.ndjson");
            var received = await IssueUntilKilledAsync(new Dictionary<string, string>
            {
                ["JitTokens__Audit__FilePath"] = audit,
            });

            var logged = ReadEvents(File.ReadAllLines(audit));
            AssertEveryTokenLogged(received, logged);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// The same with the log in Redis: every token a client received has its event in the Redis stream
    /// (the primary) and in the mirror file, and the stream still verifies from the genesis hash.
    /// </summary>
    [Fact]
    public async Task ServerKilledUnderLoad_NoAnsweredRequestLacksItsEvent_RedisLog()
    {
        await using var redis = await RedisServer.StartNewAsync(Ct);
        var prefix = RedisServer.NewKeyPrefix();
        var dir = Directory.CreateTempSubdirectory("jit-sigkill-").FullName;
        try
        {
            var mirror = Path.Combine(dir, "audit-mirror.ndjson");
            var received = await IssueUntilKilledAsync(new Dictionary<string, string>
            {
                ["JitTokens__Redis__Configuration"] = redis.Configuration,
                ["JitTokens__Redis__KeyPrefix"] = prefix,
                ["JitTokens__Audit__FilePath"] = mirror,
            });

            var entries = (object?[])(await redis.ExecuteAsync(["XRANGE", prefix + "audit", "-", "+"], Ct))!;
            var primary = ReadEvents(entries.Cast<object?[]>().Select(entry => (string)((object?[])entry[1]!)[1]!));
            AssertEveryTokenLogged(received, primary);
            Assert.True(AuditChain.Verify(primary, AuditChain.Genesis).Valid);
            AssertEveryTokenLogged(received, ReadEvents(File.ReadAllLines(mirror)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Runs the built server as its own process with <paramref name="environment"/>, requests tokens from
    /// eight clients until 200 have been received, then kills it with SIGKILL (no shutdown, no flush).
    /// Returns the ids of every token a client received.
    /// </summary>
    private static async Task<IReadOnlyCollection<string>> IssueUntilKilledAsync(Dictionary<string, string> environment)
    {
        using var server = await ServerProcess.StartAsync(environment, Ct);
        var http = server.Http;
        var api = new Api(http);
        var (_, session) = await api.StartAsync();
        var received = new ConcurrentBag<string>();
        var load = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var response = await api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"));
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        received.Add((await Api.ReadAsync(response, JitJsonContext.Default.TokenIssued)).TokenId);
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // The server is gone.
            }
        })).ToList();

        await WaitUntilAsync(() => received.Count >= 200);
        server.Process.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush
        await Task.WhenAll(load);
        await server.Process.WaitForExitAsync(Ct);
        Assert.True(received.Count >= 200);
        return received;
    }

    private static List<AuditEvent> ReadEvents(IEnumerable<string> lines) =>
        [.. lines.Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditEvent)!)];

    private static void AssertEveryTokenLogged(IReadOnlyCollection<string> received, IReadOnlyList<AuditEvent> logged)
    {
        var issued = logged.Where(e => e.Type == AuditEventTypes.TokenIssued).Select(e => e.TokenId).ToHashSet();
        Assert.All(received, id => Assert.Contains(id, issued));
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

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
