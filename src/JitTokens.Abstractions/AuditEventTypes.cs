namespace JitTokens.Abstractions;

/// <summary>The audit event types of DESIGN.md §3.6.</summary>
public static class AuditEventTypes
{
    /// <summary>A human started a session.</summary>
    public const string SessionStarted = "session.started";
    /// <summary>A session was ended (by its token, its owner or an admin).</summary>
    public const string SessionEnded = "session.ended";
    /// <summary>A token was minted.</summary>
    public const string TokenIssued = "token.issued";
    /// <summary>A token request was refused.</summary>
    public const string TokenDenied = "token.denied";
    /// <summary>A dry run was answered.</summary>
    public const string TokenDryRun = "token.dry_run";
    /// <summary>A request was escalated to humans.</summary>
    public const string EscalationRequested = "escalation.requested";
    /// <summary>An escalation was approved.</summary>
    public const string EscalationApproved = "escalation.approved";
    /// <summary>An escalation was denied.</summary>
    public const string EscalationDenied = "escalation.denied";
    /// <summary>An escalation expired undecided or unredeemed.</summary>
    public const string EscalationExpired = "escalation.expired";
    /// <summary>An escalation was cancelled because its session ended.</summary>
    public const string EscalationCancelled = "escalation.cancelled";
    /// <summary>An approved escalation was exchanged for its token.</summary>
    public const string EscalationRedeemed = "escalation.redeemed";
    /// <summary>A token was revoked.</summary>
    public const string TokenRevoked = "token.revoked";
    /// <summary>A single-use token was consumed.</summary>
    public const string TokenConsumed = "token.consumed";
    /// <summary>A credential was refused: bad or ended session token, bad human JWT, bad chat signature.</summary>
    public const string AuthFailed = "auth.failed";
}
