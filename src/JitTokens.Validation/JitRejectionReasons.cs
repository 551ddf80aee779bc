namespace JitTokens.Validation;

/// <summary>
/// Why a request was refused: the <c>reason</c> tag of the <c>jittokens.validation.rejections</c>
/// counter, and the event id of the log line. A fixed set, so dashboards can rely on it.
/// </summary>
public static class JitRejectionReasons
{
    /// <summary>401 without an error code: the request carried no bearer token (RFC 6750 §3.1).</summary>
    public const string MissingToken = "missing_token";

    /// <summary>401: an opaque session token (<c>jits_…</c>) was sent where an access token is expected.</summary>
    public const string SessionToken = "session_token";

    /// <summary>401: not a compact signed JWT.</summary>
    public const string Malformed = "malformed";

    /// <summary>401: signed with another algorithm than ES256.</summary>
    public const string InvalidAlgorithm = "invalid_algorithm";

    /// <summary>401: the JOSE header <c>typ</c> is not <c>at+jwt</c> (RFC 9068 §4).</summary>
    public const string InvalidType = "invalid_type";

    /// <summary>401: signed with a key the issuer does not publish (after a rate-limited JWKS refresh).</summary>
    public const string UnknownKey = "unknown_key";

    /// <summary>401: the signature does not verify.</summary>
    public const string InvalidSignature = "invalid_signature";

    /// <summary>401: <c>iss</c> is not the configured issuer.</summary>
    public const string InvalidIssuer = "invalid_issuer";

    /// <summary>401: <c>aud</c> is not this environment's audience.</summary>
    public const string InvalidAudience = "invalid_audience";

    /// <summary>401: <c>env</c> is not the configured environment.</summary>
    public const string WrongEnvironment = "wrong_environment";

    /// <summary>401: <c>exp</c> has passed (beyond the clock skew).</summary>
    public const string Expired = "expired";

    /// <summary>401: <c>nbf</c> is still ahead (beyond the clock skew).</summary>
    public const string NotYetValid = "not_yet_valid";

    /// <summary>401: a claim every JitTokens access token has (<c>jti</c>, <c>sid</c>, <c>scope</c>, <c>exp</c>) is missing.</summary>
    public const string MissingClaim = "missing_claim";

    /// <summary>401: the revocation feed lists the token.</summary>
    public const string Revoked = "revoked";

    /// <summary>401: the revocation feed lists the token's session (it ended).</summary>
    public const string SessionEnded = "session_ended";

    /// <summary>401: the revocation feed has not been read yet, or is stale: every token is refused (fail closed).</summary>
    public const string FeedUnavailable = "feed_unavailable";

    /// <summary>401: a single-use token, but this resource server has no introspection credentials or the endpoint does not call <c>RequireJitScope</c>.</summary>
    public const string SingleUseNotAccepted = "single_use_not_accepted";

    /// <summary>401: a single-use token the issuer says is no longer active (used before, revoked or expired).</summary>
    public const string SingleUseConsumed = "single_use_consumed";

    /// <summary>503: the issuer could not be asked to consume a single-use token; it was not used.</summary>
    public const string IssuerUnavailable = "issuer_unavailable";

    /// <summary>401: any other validation failure.</summary>
    public const string InvalidToken = "invalid_token";

    /// <summary>403 <c>insufficient_scope</c>: the token's scope is not the endpoint's.</summary>
    public const string InsufficientScope = "insufficient_scope";

    /// <summary>403 <c>insufficient_scope</c>: the token names another target than the request, or the endpoint names none.</summary>
    public const string TargetMismatch = "target_mismatch";

    /// <summary>403: another authorization requirement of the endpoint failed.</summary>
    public const string Forbidden = "forbidden";
}
