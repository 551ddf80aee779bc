using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JitTokens.Validation.Issuer;

/// <summary>
/// Reads the issuer's JWKS: periodically (<see cref="JitTokensOptions.KeyRefreshInterval"/>) and when a
/// token names a key id not known yet, at most once per <see cref="JitTokensOptions.KeyRefreshMinInterval"/>
/// and one read at a time (concurrent requests with the new key wait for the same read).
/// </summary>
internal sealed class SigningKeySource(IssuerClient issuer, IssuerState state, IOptions<JitTokensOptions> options, TimeProvider time, ILogger<SigningKeySource> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _lastRead = long.MinValue;

    /// <summary>Reads the JWKS now (start-up and the periodic refresh).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Makes sure <paramref name="kid"/> is known if the issuer publishes it, reading the JWKS again
    /// unless that happened less than <see cref="JitTokensOptions.KeyRefreshMinInterval"/> ago.
    /// Never throws for the issuer's failures: the token is then refused as signed by an unknown key.
    /// </summary>
    public async Task EnsureKnownAsync(string kid, CancellationToken cancellationToken)
    {
        if (state.Keys.ContainsKey(kid) || state.Endpoints is null || !MayReadAgain())
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another request may have read the keys while this one waited.
            if (!state.Keys.ContainsKey(kid) && MayReadAgain())
            {
                await ReadAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.KeyRefreshFailed(logger, e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private bool MayReadAgain()
        => Interlocked.Read(ref _lastRead) == long.MinValue
            || time.GetElapsedTime(Interlocked.Read(ref _lastRead)) >= options.Value.KeyRefreshMinInterval;

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        var endpoints = state.Endpoints ?? throw new InvalidOperationException("the issuer's endpoints are not known yet");
        Interlocked.Exchange(ref _lastRead, time.GetTimestamp());
        var keys = await issuer.GetSigningKeysAsync(endpoints.Jwks, cancellationToken).ConfigureAwait(false);
        if (keys.Count == 0)
        {
            throw new IssuerException($"{endpoints.Jwks} publishes no ES256 P-256 key");
        }

        if (!keys.Keys.ToHashSet(StringComparer.Ordinal).SetEquals(state.Keys.Keys))
        {
            Log.KeysRead(logger, keys.Count, string.Join(", ", keys.Keys));
        }

        state.Keys = keys;
    }
}
