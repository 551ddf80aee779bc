namespace JitTokens.Abstractions.Wire;

/// <summary>Values of <see cref="EscalationView.Status"/> (DESIGN.md §3.3).</summary>
public static class EscalationStatuses
{
    /// <summary>Waiting for a human decision.</summary>
    public const string Pending = "pending";
    /// <summary>Approved; the agent may redeem it once.</summary>
    public const string Approved = "approved";
    /// <summary>Denied; final.</summary>
    public const string Denied = "denied";
    /// <summary>Nobody decided, or nobody redeemed, in time.</summary>
    public const string Expired = "expired";
    /// <summary>The session ended before a decision.</summary>
    public const string Cancelled = "cancelled";
    /// <summary>The approved token was issued.</summary>
    public const string Redeemed = "redeemed";
}
