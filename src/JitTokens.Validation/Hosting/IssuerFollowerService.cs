using JitTokens.Validation.Issuer;
using JitTokens.Validation.Revocation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JitTokens.Validation.Hosting;

/// <summary>
/// The one background service of the library: learns the issuer (discovery, audience, keys),
/// retrying until it answers, then follows the revocation feed and refreshes the keys
/// periodically. Until the first catch-up of the feed completes, every token is refused.
/// </summary>
internal sealed class IssuerFollowerService(
    IssuerClient issuer,
    IssuerState state,
    SigningKeySource keys,
    RevocationFeedFollower feed,
    IOptions<JitTokensOptions> options,
    TimeProvider time,
    ILogger<IssuerFollowerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var endpoints = await LearnIssuerAsync(stoppingToken).ConfigureAwait(false);
            await Task.WhenAll(feed.RunAsync(endpoints, stoppingToken), RefreshKeysAsync(stoppingToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task<IssuerEndpoints> LearnIssuerAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(options.Value.RetryMaxDelay);
        while (true)
        {
            try
            {
                var endpoints = state.Endpoints ?? await issuer.GetEndpointsAsync(cancellationToken).ConfigureAwait(false);
                state.Endpoints = endpoints;
                state.Audience ??= await issuer.GetAudienceAsync(options.Value.Environment!, cancellationToken).ConfigureAwait(false);
                await keys.RefreshAsync(cancellationToken).ConfigureAwait(false);
                Log.IssuerLearned(logger, issuer.Issuer, state.Audience, state.Keys.Count);
                return endpoints;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Keep trying whatever the failure: every token is refused meanwhile (fail closed).
                Log.IssuerUnreachable(logger, issuer.Issuer, e.Message);
            }

            await Task.Delay(backoff.Next(), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RefreshKeysAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeyRefreshInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await keys.RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The keys held stay in use; tokens with a new key trigger their own read.
                Log.KeyRefreshFailed(logger, e.Message);
            }
        }
    }
}
