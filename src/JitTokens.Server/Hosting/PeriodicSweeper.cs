using JitTokens.Core.Errors;

namespace JitTokens.Server.Hosting;

/// <summary>
/// A background pass run every <c>interval</c>: each tick runs <see cref="SweepAsync"/> in batches until a batch comes
/// back short. A store or log outage is logged and the next tick tries again; no exception stops the host.
/// </summary>
internal abstract class PeriodicSweeper(TimeSpan interval, TimeProvider time, ILogger logger) : BackgroundService
{
    protected const int BatchSize = 100;

    /// <summary>What the pass is called in the log.</summary>
    protected abstract string Name { get; }

    /// <summary>One batch of at most <see cref="BatchSize"/>; returns how many items it handled.</summary>
    protected abstract Task<int> SweepAsync(int limit, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    while (await SweepAsync(BatchSize, stoppingToken).ConfigureAwait(false) == BatchSize)
                    {
                    }
                }
                catch (Exception e) when (e is StoreUnavailableException or AuditUnavailableException)
                {
                    Log.BackgroundPassFailed(logger, Name, e.Message);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A bug must not stop the host (BackgroundService's default); the next tick tries again.
                    Log.BackgroundPassFailed(logger, Name, e.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
