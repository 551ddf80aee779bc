using JitTokens.Core.Errors;

namespace JitTokens.Core.Storage;

/// <summary>Store steps shared by the services.</summary>
internal static class JitStoreExtensions
{
    /// <summary>
    /// Revokes a token recorded for an answer that failed (fail closed), best effort: when the store
    /// is what failed, the original failure is the one to report.
    /// </summary>
    public static async Task RevokeQuietlyAsync(this IJitStore store, string tokenId, DateTimeOffset now)
    {
        try
        {
            await store.RevokeTokenAsync(tokenId, now, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
        }
    }
}
