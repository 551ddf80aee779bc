using System.Globalization;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Catalog;
using JitTokens.Core.Escalations;
using JitTokens.Core.Sessions;
using JitTokens.Core.Tokens;
using JitTokens.Server.Http;

namespace JitTokens.Server.Endpoints;

/// <summary>
/// <c>POST /oauth/token</c> (DESIGN.md §3.10) for standard OAuth clients: RFC 8693 token exchange with the session token
/// as subject token and RFC 8707 <c>resource</c> naming the environment's audience, and CIBA-style polling of an
/// escalated request. It calls the same core operations as <c>/v1/tokens</c> and <c>/v1/escalations/{id}/token</c>, so
/// decisions and audit events are the same; only the wire is OAuth's (form in, OAuth JSON out). A <c>client_id</c>
/// parameter (public OAuth clients send one) is accepted and ignored: the session decides who the agent is.
/// </summary>
internal static class OAuthTokenEndpoints
{
    public const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";

    public const string Ciba = "urn:openid:params:grant-type:ciba";

    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    private const string InvalidTarget = "invalid_target";

    private const string UnsupportedGrantType = "unsupported_grant_type";

    public static void MapOAuthTokenEndpoints(this IEndpointRouteBuilder app) => app.MapPost("/oauth/token", TokenAsync);

    private static async Task<IResult> TokenAsync(
        HttpContext context, SessionService sessions, TokenService tokens, EscalationRedemption redemption, ScopeCatalog catalog, TimeProvider time)
    {
        var (form, refusal) = await FormBody.ReadAsync(context,
            "grant_type", "subject_token", "subject_token_type", "requested_token_type", "scope", "resource", "purpose", "target", "ttl_seconds", "auth_req_id", "client_id");
        if (refusal is not null)
        {
            return refusal;
        }

        return form!.GetValueOrDefault("grant_type") switch
        {
            TokenExchange => await ExchangeAsync(context, form!, sessions, tokens, catalog, time),
            Ciba => await PollAsync(context, form!, sessions, redemption),
            null or "" => OAuthErrors.Answer(StatusCodes.Status400BadRequest, OAuthErrors.InvalidRequest, "grant_type is required"),
            _ => OAuthErrors.Answer(StatusCodes.Status400BadRequest, UnsupportedGrantType, $"grant_type must be {TokenExchange} or {Ciba}"),
        };
    }

    private static async Task<IResult> ExchangeAsync(HttpContext context, Dictionary<string, string> form, SessionService sessions, TokenService tokens, ScopeCatalog catalog, TimeProvider time)
    {
        if (form.GetValueOrDefault("subject_token") is not { Length: > 0 } subject)
        {
            return OAuthErrors.Answer(StatusCodes.Status400BadRequest, OAuthErrors.InvalidRequest, "subject_token (the session token) is required");
        }

        if (form.GetValueOrDefault("subject_token_type") != AccessTokenType)
        {
            return OAuthErrors.Answer(StatusCodes.Status400BadRequest, OAuthErrors.InvalidRequest, $"subject_token_type must be {AccessTokenType}");
        }

        if (form.GetValueOrDefault("requested_token_type") is { } requested && requested != AccessTokenType)
        {
            return OAuthErrors.Answer(StatusCodes.Status400BadRequest, OAuthErrors.InvalidRequest, $"requested_token_type can only be {AccessTokenType}");
        }

        if (form.GetValueOrDefault("resource") is not { Length: > 0 } resource)
        {
            return OAuthErrors.Answer(StatusCodes.Status400BadRequest, InvalidTarget, "resource (the audience of an environment, RFC 8707) is required");
        }

        var environment = catalog.Environments.Values.FirstOrDefault(e => string.Equals(e.Audience, resource, StringComparison.Ordinal));
        if (environment is null)
        {
            return OAuthErrors.Answer(StatusCodes.Status400BadRequest, InvalidTarget, $"no environment has the audience {Core.TextRules.Quote(resource)}");
        }

        int? ttl = null;
        if (form.GetValueOrDefault("ttl_seconds") is { } ttlText)
        {
            if (!int.TryParse(ttlText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return OAuthErrors.Answer(StatusCodes.Status400BadRequest, OAuthErrors.InvalidRequest, "ttl_seconds must be a whole number of seconds");
            }

            ttl = parsed;
        }

        var caller = Callers.From(context);
        var auth = await sessions.AuthenticateAsync(subject, SessionLookup.Cached, caller, context.RequestAborted);
        if (!auth.IsSuccess)
        {
            // The credential is the grant here (RFC 8693 §2.2.2): a bad or ended session token is invalid_grant. A session
            // over its rate limit is no bad grant: it keeps its 429 and Retry-After.
            return auth.Error!.Code == Abstractions.ErrorCodes.RateLimited
                ? OAuthErrors.From(auth.Error)
                : OAuthErrors.Answer(StatusCodes.Status400BadRequest, Abstractions.ErrorCodes.InvalidGrant, auth.Error.Detail);
        }

        var request = new TokenRequest
        {
            Scope = form.GetValueOrDefault("scope"),
            Environment = environment.Name,
            Purpose = form.GetValueOrDefault("purpose"),
            TtlSeconds = ttl,
            Target = form.GetValueOrDefault("target"),
        };
        var outcome = await tokens.RequestAsync(auth.Value!, request, caller, context.RequestAborted);
        if (outcome.Escalated is { } escalated)
        {
            context.Response.Headers.CacheControl = "no-store";
            var pending = new OAuthPending
            {
                Error = Abstractions.ErrorCodes.AuthorizationPending,
                ErrorDescription = "a human must approve this request; poll with grant_type " + Ciba + " and auth_req_id",
                EscalationId = escalated.EscalationId,
                AuthReqId = escalated.EscalationId,
                Interval = escalated.PollIntervalSeconds,
                ExpiresIn = (int)Math.Max(0, Math.Ceiling((escalated.ExpiresAt - time.GetUtcNow()).TotalSeconds)),
            };
            return TypedResults.Json(pending, JitJson.Context.OAuthPending, statusCode: StatusCodes.Status400BadRequest);
        }

        return Answer(context, outcome);
    }

    private static async Task<IResult> PollAsync(HttpContext context, Dictionary<string, string> form, SessionService sessions, EscalationRedemption redemption)
    {
        if (form.GetValueOrDefault("auth_req_id") is not { Length: > 0 } id)
        {
            return OAuthErrors.Answer(StatusCodes.Status400BadRequest, OAuthErrors.InvalidRequest, "auth_req_id is required");
        }

        var caller = Callers.From(context);
        var auth = await sessions.AuthenticateAsync(Bearer.From(context.Request), SessionLookup.Fresh, caller, context.RequestAborted);
        if (!auth.IsSuccess)
        {
            return OAuthErrors.From(auth.Error!);
        }

        return Answer(context, await redemption.RedeemAsync(auth.Value!, id, caller, context.RequestAborted));
    }

    private static IResult Answer(HttpContext context, TokenOutcome outcome)
    {
        if (outcome.Issued is { } issued)
        {
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Json(new OAuthTokenResponse
            {
                AccessToken = issued.AccessToken,
                IssuedTokenType = AccessTokenType,
                TokenType = "Bearer",
                ExpiresIn = issued.ExpiresIn,
                Scope = issued.Scope,
            }, JitJson.Context.OAuthTokenResponse);
        }

        // The polling answers (authorization_pending, slow_down, access_denied, expired_token, invalid_grant) are 400, as in
        // CIBA and RFC 6749 §5.2, where /v1/escalations/{id}/token answers a denial with 403. Other refusals keep their status.
        var error = outcome.Error!;
        return error.Code is Abstractions.ErrorCodes.AuthorizationPending or Abstractions.ErrorCodes.SlowDown or Abstractions.ErrorCodes.AccessDenied
            or Abstractions.ErrorCodes.ExpiredToken or Abstractions.ErrorCodes.InvalidGrant
            ? OAuthErrors.Answer(StatusCodes.Status400BadRequest, error.Code, error.Detail)
            : OAuthErrors.From(error);
    }
}
