namespace JitTokens.Abstractions;

/// <summary>
/// Claim names of the JitTokens access token (DESIGN.md §3.8, RFC 9068). A token carries exactly
/// these claims; <see cref="Target"/>, <see cref="Use"/> and <see cref="Approvers"/> only when they apply.
/// </summary>
public static class JitClaimNames
{
    /// <summary>Issuer URL (RFC 7519 §4.1.1).</summary>
    public const string Issuer = "iss";

    /// <summary>The session owner: the human on whose behalf the agent acts.</summary>
    public const string Subject = "sub";

    /// <summary>Actor claim (RFC 8693 §4.1): <c>{"sub": agent}</c>.</summary>
    public const string Actor = "act";

    /// <summary>The agent name (RFC 9068 §2.2).</summary>
    public const string ClientId = "client_id";

    /// <summary>The environment's audience URL.</summary>
    public const string Audience = "aud";

    /// <summary>The environment name, e.g. <c>staging</c>.</summary>
    public const string Environment = "env";

    /// <summary>Exactly one scope.</summary>
    public const string Scope = "scope";

    /// <summary>Token id.</summary>
    public const string JwtId = "jti";

    /// <summary>Issued at, seconds since the Unix epoch.</summary>
    public const string IssuedAt = "iat";

    /// <summary>Not before, seconds since the Unix epoch.</summary>
    public const string NotBefore = "nbf";

    /// <summary>Expiry, seconds since the Unix epoch; never past the session's end.</summary>
    public const string Expires = "exp";

    /// <summary>The session id (<c>ses_…</c>).</summary>
    public const string SessionId = "sid";

    /// <summary>The purpose the agent stated.</summary>
    public const string Purpose = "purpose";

    /// <summary>The single object the token is valid for, when one was named.</summary>
    public const string Target = "target";

    /// <summary><c>"once"</c> for tokens of irreversible scopes.</summary>
    public const string Use = "use";

    /// <summary>The humans who approved an escalated request.</summary>
    public const string Approvers = "approvers";

    /// <summary>The value of <see cref="Use"/> on single-use tokens.</summary>
    public const string UseOnce = "once";

    /// <summary>The JOSE <c>typ</c> of access tokens (RFC 9068 §2.1).</summary>
    public const string AccessTokenType = "at+jwt";
}
