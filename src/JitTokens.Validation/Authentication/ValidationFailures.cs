using Microsoft.IdentityModel.Tokens;

namespace JitTokens.Validation.Authentication;

/// <summary>Turns what JwtBearer and IdentityModel failed with into a <see cref="JitRejection"/> with our own words (never the exception text: it may quote the token).</summary>
internal static class ValidationFailures
{
    public static JitRejection Describe(Exception failure, string? audience, string environment) => failure switch
    {
        JitRejectionException jit => jit.Rejection,
        AggregateException { InnerExceptions.Count: > 0 } all => Describe(all.InnerExceptions[0], audience, environment),
        SecurityTokenExpiredException => JitRejection.Invalid(JitRejectionReasons.Expired, "the token expired"),
        SecurityTokenNotYetValidException => JitRejection.Invalid(JitRejectionReasons.NotYetValid, "the token is not valid yet"),
        SecurityTokenNoExpirationException => JitRejection.Invalid(JitRejectionReasons.MissingClaim, "the token has no exp"),
        SecurityTokenInvalidAudienceException => JitRejection.Invalid(JitRejectionReasons.InvalidAudience,
            audience is null ? "the audience of this environment is not known yet" : $"the token is not for audience {audience} (environment {environment})"),
        SecurityTokenInvalidIssuerException => JitRejection.Invalid(JitRejectionReasons.InvalidIssuer, "the token was issued by another issuer"),
        SecurityTokenSignatureKeyNotFoundException => JitRejection.Invalid(JitRejectionReasons.UnknownKey, "the token is signed with a key the issuer does not publish"),
        SecurityTokenInvalidAlgorithmException => JitRejection.Invalid(JitRejectionReasons.InvalidAlgorithm, "only ES256-signed tokens are accepted"),
        SecurityTokenInvalidSignatureException => JitRejection.Invalid(JitRejectionReasons.InvalidSignature, "the token signature is invalid"),
        SecurityTokenInvalidTypeException => JitRejection.Invalid(JitRejectionReasons.InvalidType, "the token is not an access token (typ at+jwt, RFC 9068)"),
        SecurityTokenMalformedException or ArgumentException => JitRejection.Invalid(JitRejectionReasons.Malformed, "the token is not a signed JWT"),
        _ => JitRejection.Invalid(JitRejectionReasons.InvalidToken, "the token is invalid"),
    };
}
