using JitTokens.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace JitTokens.Server.Tests.Infrastructure;

/// <summary>Looks behind the API into the store, to prove refusals changed nothing.</summary>
internal static class StoreAssertions
{
    /// <summary>Ending the session through the store reports every token and escalation it ever stored: there must be none.</summary>
    public static async Task AssertSessionStoredNothingAsync(this JitServerFactory factory, string sessionId)
    {
        var store = factory.Services.GetRequiredService<IJitStore>();
        var ended = await store.EndSessionAsync(sessionId, factory.Time.GetUtcNow(), CancellationToken.None);
        Assert.NotNull(ended.Session);
        Assert.Empty(ended.RevokedTokenIds);
        Assert.Empty(ended.CancelledEscalationIds);
    }
}
