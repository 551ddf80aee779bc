using JitTokens.Abstractions;

namespace JitTokens.Core.Errors;

/// <summary>
/// An expected refusal: the stable code of DESIGN.md §3.9, its HTTP status and a readable detail
/// that never contains a credential.
/// </summary>
internal sealed record JitError(string Code, int Status, string Detail, int? MaxTtlSeconds = null)
{
    /// <summary>Whole seconds (≥ 1) until a retry can succeed: the <c>Retry-After</c> of a 429 (RFC 9110 §10.2.3).</summary>
    public int? RetryAfterSeconds { get; init; }

    public static JitError InvalidRequest(string detail) => new(ErrorCodes.InvalidRequest, 400, detail);

    public static JitError InvalidScope(string detail) => new(ErrorCodes.InvalidScope, 400, detail);

    public static JitError ScopeNotAllowed(string detail) => new(ErrorCodes.ScopeNotAllowed, 403, detail);

    public static JitError EnvironmentNotAllowed(string detail) => new(ErrorCodes.EnvironmentNotAllowed, 403, detail);

    public static JitError TtlTooLong(string detail, int maxTtlSeconds) => new(ErrorCodes.TtlTooLong, 400, detail, maxTtlSeconds);

    public static JitError InvalidSession(string detail) => new(ErrorCodes.InvalidSession, 401, detail);

    public static JitError AccessDenied(string detail, int status = 403) => new(ErrorCodes.AccessDenied, status, detail);

    public static JitError AuthorizationPending(string detail) => new(ErrorCodes.AuthorizationPending, 400, detail);

    public static JitError SlowDown(string detail) => new(ErrorCodes.SlowDown, 400, detail);

    public static JitError ExpiredToken(string detail) => new(ErrorCodes.ExpiredToken, 400, detail);

    public static JitError InvalidGrant(string detail) => new(ErrorCodes.InvalidGrant, 400, detail);

    public static JitError SelfApprovalForbidden(string detail) => new(ErrorCodes.SelfApprovalForbidden, 403, detail);

    public static JitError NotAnApprover(string detail) => new(ErrorCodes.NotAnApprover, 403, detail);

    public static JitError AlreadyDecided(string detail) => new(ErrorCodes.AlreadyDecided, 409, detail);

    public static JitError NotFound(string detail) => new(ErrorCodes.InvalidRequest, 404, detail);

    public static JitError Unavailable(string detail) => new(ErrorCodes.Unavailable, 503, detail);

    public static JitError RateLimited(string detail, int retryAfterSeconds) => new(ErrorCodes.RateLimited, 429, detail) { RetryAfterSeconds = Math.Max(1, retryAfterSeconds) };
}
