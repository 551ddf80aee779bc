using JitTokens.Abstractions;

namespace JitTokens.Cli;

/// <summary>The exit codes of DESIGN.md §7, and which server error code maps to which.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A bug in jit: reported as one line, never a stack trace.</summary>
    public const int InternalError = 1;

    /// <summary>Bad or missing arguments or environment variables, or a request the server calls malformed.</summary>
    public const int Usage = 2;

    /// <summary>
    /// The caller does not get what they asked for, and asking again the same way will not change
    /// that: refused by policy or by a human (<c>access_denied</c>, also for a cancelled escalation),
    /// not allowed to decide (<c>not_an_approver</c>, <c>self_approval_forbidden</c>), a decision
    /// that was not recorded because another came first (<c>already_decided</c>), an approval
    /// already spent (<c>invalid_grant</c>), or still waiting for a human (<c>authorization_pending</c>,
    /// a 202 without <c>--wait</c>).
    /// </summary>
    public const int Denied = 3;

    /// <summary>
    /// Time ran out: the session ended or expired (<c>invalid_session</c>), or the escalation did
    /// (<c>expired_token</c>: nobody decided in time, or the approval was not redeemed in time).
    /// </summary>
    public const int Expired = 4;

    /// <summary>The issuer cannot be reached or cannot answer now (also <c>slow_down</c> outside a wait); try again.</summary>
    public const int Unavailable = 5;

    /// <summary>Interrupted with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;

    public static int ForError(string code, int status) => code switch
    {
        ErrorCodes.InvalidRequest or ErrorCodes.PayloadTooLarge => Usage,
        ErrorCodes.InvalidScope or ErrorCodes.ScopeNotAllowed or ErrorCodes.EnvironmentNotAllowed or ErrorCodes.TtlTooLong
            or ErrorCodes.AccessDenied or ErrorCodes.NotAnApprover or ErrorCodes.SelfApprovalForbidden
            or ErrorCodes.AuthorizationPending or ErrorCodes.InvalidGrant or ErrorCodes.AlreadyDecided => Denied,
        ErrorCodes.InvalidSession or ErrorCodes.ExpiredToken => Expired,
        ErrorCodes.Unavailable or ErrorCodes.RateLimited or ErrorCodes.SlowDown => Unavailable,

        // A code this version does not know: go by the HTTP status.
        _ => status switch
        {
            0 or >= 500 => Unavailable,
            401 => Expired,
            403 => Denied,
            _ => Usage,
        },
    };
}
