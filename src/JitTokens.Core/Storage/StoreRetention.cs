namespace JitTokens.Core.Storage;

/// <summary>How long finished records stay readable after they stop mattering.</summary>
internal static class StoreRetention
{
    /// <summary>Escalations stay readable this long past their expiry, so agents and humans can see how they ended.</summary>
    public static readonly TimeSpan Escalation = TimeSpan.FromHours(1);
}
