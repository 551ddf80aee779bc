namespace JitTokens.Abstractions;

/// <summary>
/// The stable error codes of DESIGN.md §3.9. Every error response carries exactly one of these
/// in its <c>error</c> member; clients and resource servers may switch on them.
/// </summary>
public static class ErrorCodes
{
    /// <summary>Malformed or incomplete request (400; 404/415 with this code where noted in README).</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>A scope not in the catalog, or more than one scope (400).</summary>
    public const string InvalidScope = "invalid_scope";

    /// <summary>A scope outside the session's scopes (403).</summary>
    public const string ScopeNotAllowed = "scope_not_allowed";

    /// <summary>An environment outside the session, or one the catalog does not list for the scope (403).</summary>
    public const string EnvironmentNotAllowed = "environment_not_allowed";

    /// <summary>A requested TTL above the applicable limit (400).</summary>
    public const string TtlTooLong = "ttl_too_long";

    /// <summary>Unknown, expired or ended session token (401).</summary>
    public const string InvalidSession = "invalid_session";

    /// <summary>The escalation is still waiting for a human decision (400).</summary>
    public const string AuthorizationPending = "authorization_pending";

    /// <summary>Polled faster than the advertised interval (400).</summary>
    public const string SlowDown = "slow_down";

    /// <summary>Refused: missing role, denied or cancelled escalation, no human credential (401/403).</summary>
    public const string AccessDenied = "access_denied";

    /// <summary>The escalation or approval expired (400).</summary>
    public const string ExpiredToken = "expired_token";

    /// <summary>The grant was already used (400).</summary>
    public const string InvalidGrant = "invalid_grant";

    /// <summary>A human tried to approve a request of their own session (403).</summary>
    public const string SelfApprovalForbidden = "self_approval_forbidden";

    /// <summary>The human is not in the scope's approver group (403).</summary>
    public const string NotAnApprover = "not_an_approver";

    /// <summary>The escalation was already decided (409).</summary>
    public const string AlreadyDecided = "already_decided";

    /// <summary>Too many requests (429).</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>Request body over 16 KiB (413).</summary>
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>A dependency (store, audit log) is unavailable; nothing was issued (503).</summary>
    public const string Unavailable = "unavailable";
}
