using Microsoft.AspNetCore.Http;

namespace JitTokens.Validation.Authentication;

/// <summary>
/// Why a request is refused and how it is answered: the reason (metric tag, log), the RFC 6750
/// error code, a description fit for a quoted header value, and the status.
/// </summary>
internal sealed record JitRejection(string Reason, string? Error, string Description, int Status = StatusCodes.Status401Unauthorized)
{
    /// <summary>The <c>scope</c> attribute of a 403 (RFC 6750 §3): the scope the endpoint requires.</summary>
    public string? Scope { get; init; }

    public static JitRejection MissingToken { get; } = new(JitRejectionReasons.MissingToken, null, "a JitTokens access token is required (Authorization: Bearer <token>)");

    public static JitRejection SessionToken { get; } = Invalid(JitRejectionReasons.SessionToken,
        "a session token (jits_...) is not an access token; ask the issuer for one with POST /v1/tokens");

    public static JitRejection Forbidden { get; } = new(JitRejectionReasons.Forbidden, "insufficient_scope", "the token does not allow this request", StatusCodes.Status403Forbidden);

    /// <summary>A 401 <c>invalid_token</c> (RFC 6750 §3.1).</summary>
    public static JitRejection Invalid(string reason, string description) => new(reason, "invalid_token", description);

    /// <summary>A 403 <c>insufficient_scope</c> naming the scope the endpoint requires (RFC 6750 §3.1).</summary>
    public static JitRejection Insufficient(string reason, string scope, string description)
        => new(reason, "insufficient_scope", description, StatusCodes.Status403Forbidden) { Scope = scope };
}
