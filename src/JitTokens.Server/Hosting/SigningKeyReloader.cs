using JitTokens.Core.Keys;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Hosting;

/// <summary>Reads the key folder again every <see cref="SigningKeyOptions.ReloadInterval"/>, so a rotated key is picked up without a restart.</summary>
internal sealed class SigningKeyReloader(SigningKeyRing ring, IOptions<SigningKeyOptions> options, ServerMode mode, ILogger<SigningKeyReloader> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Path is not { } path || (mode.IsDev && string.IsNullOrEmpty(path)))
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.ReloadInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            Reload(path);
        }
    }

    public void Reload(string path)
    {
        try
        {
            var before = ring.Current;
            foreach (var kept in ring.Load(SigningKeyDirectory.Read(path)))
            {
                Log.SigningKeyKeptFromMemory(logger, kept.Kid, kept.Source);
            }

            var current = ring.Current;
            if (current.Active.Kid != before.Active.Kid || !current.Published.Select(k => k.Kid).SequenceEqual(before.Published.Select(k => k.Kid)))
            {
                Log.SigningKeysReloaded(logger, current.Active.Kid, current.Published.Length);
            }
        }
        catch (Exception e) when (e is SigningKeyException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Log.SigningKeyReloadFailed(logger, e.Message);
        }
    }
}
