using System.Security.Claims;
using JitTokens.Validation.Authorization;
using JitTokens.Validation.Issuer;
using JitTokens.Validation.Revocation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace JitTokens.Validation.Authentication;

/// <summary>
/// The JitTokens rules around JwtBearer's own validation (signature, issuer, audience, lifetime,
/// algorithm, type): before it, session tokens, a stale revocation feed and unknown key ids;
/// after it, the environment, the revocation list and single-use tokens; and the RFC 6750 answers.
/// </summary>
internal sealed class JitBearerEvents(
    FeedHealth feed,
    RevocationList revocations,
    SigningKeySource keys,
    IssuerState issuer,
    IssuerClient client,
    IOptions<JitTokensOptions> options,
    RejectionResponder responder) : JwtBearerEvents
{
    public override async Task MessageReceived(MessageReceivedContext context)
    {
        var token = BearerToken.From(context.Request);
        if (token is null)
        {
            return;
        }

        if (token.StartsWith(JitClaims.SessionTokenPrefix, StringComparison.Ordinal))
        {
            Fail(context, JitRejection.SessionToken);
            return;
        }

        // Fail closed: without a fresh revocation list no token can be known not to be revoked.
        if (feed.Problem() is { } problem)
        {
            Fail(context, JitRejection.Invalid(JitRejectionReasons.FeedUnavailable, problem));
            return;
        }

        if (!TokenHeader.TryRead(token, out var header))
        {
            Fail(context, JitRejection.Invalid(JitRejectionReasons.Malformed, "the token is not a signed JWT"));
            return;
        }

        if (header.Alg != JitClaims.Algorithm)
        {
            Fail(context, JitRejection.Invalid(JitRejectionReasons.InvalidAlgorithm, "only ES256-signed tokens are accepted"));
            return;
        }

        if (!JitClaims.AccessTokenTypes.Contains(header.Typ, StringComparer.OrdinalIgnoreCase))
        {
            Fail(context, JitRejection.Invalid(JitRejectionReasons.InvalidType, "the token is not an access token (typ at+jwt, RFC 9068)"));
            return;
        }

        if (header.Kid is null)
        {
            Fail(context, JitRejection.Invalid(JitRejectionReasons.UnknownKey, "the token names no signing key (kid)"));
            return;
        }

        await keys.EnsureKnownAsync(header.Kid, context.HttpContext.RequestAborted).ConfigureAwait(false);
        context.Token = token;
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        var claims = context.Principal!;
        var environment = options.Value.Environment!;
        if (Claim(claims, JitClaims.Environment) != environment)
        {
            Fail(context, JitRejection.Invalid(JitRejectionReasons.WrongEnvironment, $"the token is not for environment {environment}"));
            return Task.CompletedTask;
        }

        var jti = Claim(claims, JitClaims.TokenId);
        var sid = Claim(claims, JitClaims.SessionId);
        if (string.IsNullOrEmpty(jti) || string.IsNullOrEmpty(sid) || string.IsNullOrEmpty(Claim(claims, JitClaims.Scope)))
        {
            Fail(context, JitRejection.Invalid(JitRejectionReasons.MissingClaim, "the token lacks jti, sid or scope"));
            return Task.CompletedTask;
        }

        switch (revocations.Check(jti, sid))
        {
            case JitRejectionReasons.Revoked:
                Fail(context, JitRejection.Invalid(JitRejectionReasons.Revoked, "the token was revoked"));
                return Task.CompletedTask;
            case JitRejectionReasons.SessionEnded:
                Fail(context, JitRejection.Invalid(JitRejectionReasons.SessionEnded, "the session of the token ended"));
                return Task.CompletedTask;
        }

        if (Claim(claims, JitClaims.Use) is { } use && CheckSingleUse(context, use, jti) is { } refused)
        {
            Fail(context, refused);
        }

        return Task.CompletedTask;
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var rejection = context.AuthenticateFailure is { } failure
            ? ValidationFailures.Describe(failure, issuer.Audience, options.Value.Environment!)
            : JitRejection.MissingToken;
        return responder.WriteAsync(context.HttpContext, rejection);
    }

    public override Task Forbidden(ForbiddenContext context)
        => responder.WriteAsync(context.HttpContext, JitScopeFailure.Find(context.HttpContext) ?? JitRejection.Forbidden);

    /// <summary>
    /// A <c>use: "once"</c> token passes authentication only where it will be consumed: with
    /// introspection credentials, at an endpoint that calls <c>RequireJitScope</c> (which consumes
    /// it after its checks). Anywhere else it would be reusable, so it is refused.
    /// </summary>
    private JitRejection? CheckSingleUse(TokenValidatedContext context, string use, string jti)
    {
        if (use != JitClaims.UseOnce)
        {
            return JitRejection.Invalid(JitRejectionReasons.InvalidToken, "the token has an unknown use claim");
        }

        if (!client.CanIntrospect)
        {
            return JitRejection.Invalid(JitRejectionReasons.SingleUseNotAccepted,
                "this resource server cannot consume single-use tokens (no ClientId and ClientSecret for introspection)");
        }

        if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<JitScopeMetadata>() is null)
        {
            return JitRejection.Invalid(JitRejectionReasons.SingleUseNotAccepted, "single-use tokens are accepted only by endpoints that require a Jit scope");
        }

        var encoded = (context.SecurityToken as JsonWebToken)?.EncodedToken ?? BearerToken.From(context.Request)!;
        SingleUseToken.Remember(context.HttpContext, new SingleUseToken(encoded, jti));
        return null;
    }

    private static string? Claim(ClaimsPrincipal principal, string type) => principal.FindFirst(type)?.Value;

    private static void Fail<TOptions>(ResultContext<TOptions> context, JitRejection rejection)
        where TOptions : AuthenticationSchemeOptions
        => context.Fail(new JitRejectionException(rejection));
}
