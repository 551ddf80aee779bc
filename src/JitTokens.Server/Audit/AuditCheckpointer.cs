using JitTokens.Core.Audit;
using JitTokens.Core.Errors;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Audit;

/// <summary>
/// Signs the chain head every <see cref="AuditOptions.CheckpointInterval"/> when it moved, and once
/// more at shutdown, so a rewritten log is caught even if the attacker recomputed every hash; then
/// applies <see cref="AuditOptions.Retention"/>.
/// </summary>
internal sealed class AuditCheckpointer(IAuditLog log, AuditCheckpointSigner signer, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditCheckpointer> logger) : BackgroundService
{
    private long _signedSeq = -1;

    /// <summary>Signs the head if it moved since the last checkpoint. True when it signed one.</summary>
    internal async Task<bool> CheckpointAsync(CancellationToken cancellationToken)
    {
        var head = await log.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        if (head.Seq == 0 || head.Seq == _signedSeq)
        {
            return false;
        }

        await log.AddCheckpointAsync(signer.Sign(head, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        _signedSeq = head.Seq;
        return true;
    }

    /// <summary>
    /// Retention: removes events through the newest checkpoint signed at least <see cref="AuditOptions.Retention"/>
    /// ago, so what remains starts right after a signed checkpoint. Returns how many events it removed.
    /// </summary>
    internal async Task<long> TrimAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Retention is not { } retention)
        {
            return 0;
        }

        var cutoff = time.GetUtcNow() - retention;
        var checkpoints = await log.ReadCheckpointsAsync(cancellationToken).ConfigureAwait(false);
        // Never the last event: the head must stay readable from the log itself, or a restart (of the file log) would start the chain again.
        // And always at a checkpoint: it is what anchors the events that remain.
        var head = await log.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        var through = checkpoints.Where(c => c.Time <= cutoff && c.Seq < head.Seq).Select(c => c.Seq).DefaultIfEmpty(0).Max();
        return through > 0 ? await log.TrimThroughAsync(through, cancellationToken).ConfigureAwait(false) : 0;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Not the shutdown token: it may already have run out (a slow drain), and the final head is worth signing
            // regardless; the store's own operation timeout bounds this.
            await CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuditUnavailableException or StoreUnavailableException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            Log.BackgroundPassFailed(logger, "audit checkpoint", e.GetType().Name);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await CheckpointAsync(stoppingToken).ConfigureAwait(false);
                    await TrimAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.BackgroundPassFailed(logger, "audit checkpoint", e.GetType().Name + ": " + e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
