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

    /// <summary>Refused by policy, or waiting for a human decision.</summary>
    public const int Denied = 3;

    /// <summary>The session (or escalation) ended or expired.</summary>
    public const int Expired = 4;

    /// <summary>The issuer cannot be reached or cannot answer now; try again.</summary>
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
