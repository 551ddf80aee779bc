using JitTokens.Core.Errors;
using JitTokens.Core.Options;
using JitTokens.Core.Sessions;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Sessions;

/// <summary>
/// Ends sessions whose wrapper stopped sending heartbeats (<c>jit run --heartbeat</c> killed with SIGKILL, a crashed
/// host): every token they minted is revoked. Several instances may sweep at once; ending a session is idempotent.
/// </summary>
internal sealed class HeartbeatSweeper(SessionService sessions, IOptions<JitTokensOptions> options, TimeProvider time, ILogger<HeartbeatSweeper> logger) : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EscalationSweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    while (await sessions.EndLapsedAsync(BatchSize, stoppingToken).ConfigureAwait(false) == BatchSize)
                    {
                    }
                }
                catch (Exception e) when (e is StoreUnavailableException or AuditUnavailableException)
                {
                    Log.BackgroundPassFailed(logger, "heartbeat sweep", e.Message);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.BackgroundPassFailed(logger, "heartbeat sweep", e.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
