using JitTokens.Core.Errors;
using JitTokens.Core.Escalations;
using JitTokens.Core.Options;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Escalations;

/// <summary>
/// Marks escalations whose time ran out as expired, so the log records <c>escalation.expired</c>
/// and chat shows it, even when nobody looks at them again. Several instances may sweep at once:
/// each expiry is a compare-and-set, so it is recorded once.
/// </summary>
internal sealed class EscalationExpirySweeper(EscalationDecisions decisions, IOptions<JitTokensOptions> options, TimeProvider time, ILogger<EscalationExpirySweeper> logger) : BackgroundService
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
                    while (await decisions.ExpireDueAsync(BatchSize, stoppingToken).ConfigureAwait(false) == BatchSize)
                    {
                    }
                }
                catch (Exception e) when (e is StoreUnavailableException or AuditUnavailableException)
                {
                    Log.BackgroundPassFailed(logger, "escalation expiry", e.Message);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A bug must not stop the host (BackgroundService's default); the next tick tries again.
                    Log.BackgroundPassFailed(logger, "escalation expiry", e.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
