using System.Net;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Audit;
using JitTokens.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JitTokens.Server.Tests.Hosting;

/// <summary>
/// Issue 6 item 3, deterministically: a token request held inside the issuance log's write when shutdown
/// begins is still answered 201 once the write completes, and its event is in the log when the host has stopped.
/// </summary>
public sealed class ShutdownDrainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RequestInFlightAtShutdown_IsAnsweredAndLogged()
    {
        var port = FreePort.Next();
        GatedAuditLog? gated = null;
        using var factory = new JitServerFactory(
            new Dictionary<string, string?> { ["JitTokens:Issuer"] = $"http://127.0.0.1:{port}" },
            services => services.AddSingleton<IAuditLog>(sp =>
                gated = new GatedAuditLog(new FileAuditLog(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuditOptions>>().Value.FilePath))));
        factory.UseKestrel(port);
        factory.StartServer();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var api = new Api(http);
        var (_, session) = await api.StartAsync();

        gated!.Close();
        var request = api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"));
        await gated.Entered.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var lifetime = factory.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.StopApplication();
        Assert.True(lifetime.ApplicationStopping.IsCancellationRequested);
        await Task.Delay(300, Ct);
        Assert.False(request.IsCompleted, "the request was answered before its event was written");
        Assert.False(lifetime.ApplicationStopped.IsCancellationRequested, "the host stopped with a request in flight");

        gated.Open();
        using var response = await request.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var issued = await Api.ReadAsync(response, JitJsonContext.Default.TokenIssued);

        var stopped = new TaskCompletionSource();
        using (lifetime.ApplicationStopped.Register(stopped.SetResult))
        {
            await stopped.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        }

        Assert.Contains(factory.AuditLines(), line => line.Contains($"\"type\":\"{AuditEventTypes.TokenIssued}\"", StringComparison.Ordinal) && line.Contains(issued.TokenId, StringComparison.Ordinal));
    }

    /// <summary>The real file log, with a gate the test closes to hold appends (as a slow disk or Redis would).</summary>
    private sealed class GatedAuditLog(FileAuditLog inner) : IAuditLog, IDisposable
    {
        private volatile TaskCompletionSource _gate = Opened();
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _gate.TrySetResult();

        public async Task<AuditBatch> AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
        {
            if (!_gate.Task.IsCompleted)
            {
                _entered.TrySetResult();
                await _gate.Task.ConfigureAwait(false);
            }

            return await inner.AppendAsync(events, cancellationToken).ConfigureAwait(false);
        }

        public Task<IReadOnlyList<AuditEvent>> ReadAsync(long afterSeq, int limit, CancellationToken cancellationToken) => inner.ReadAsync(afterSeq, limit, cancellationToken);

        public Task<AuditHead> GetHeadAsync(CancellationToken cancellationToken) => inner.GetHeadAsync(cancellationToken);

        public Task AddCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken) => inner.AddCheckpointAsync(checkpoint, cancellationToken);

        public Task<IReadOnlyList<AuditCheckpoint>> ReadCheckpointsAsync(CancellationToken cancellationToken) => inner.ReadCheckpointsAsync(cancellationToken);

        public Task<long> TrimThroughAsync(long seq, CancellationToken cancellationToken) => inner.TrimThroughAsync(seq, cancellationToken);

        public void Dispose() => inner.Dispose();

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }
    }
}
