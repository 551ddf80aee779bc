using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Server.Http;

/// <summary>OAuth error JSON (RFC 6749 §5.2) for the <c>/oauth/*</c> endpoints, never cached.</summary>
internal static class OAuthErrors
{
    public const string InvalidRequest = "invalid_request";

    public const string InvalidClient = "invalid_client";

    public const string UnsupportedTokenType = "unsupported_token_type";

    /// <summary>A JitError (DESIGN.md §3.9 code) as OAuth error JSON, with the RFC 6750 challenge on 401 and <c>Retry-After</c> on 429.</summary>
    public static IResult From(Core.Errors.JitError error)
        => new OAuthErrorResult(error.Status, new OAuthError { Error = error.Code, ErrorDescription = error.Detail }, error.Status == StatusCodes.Status401Unauthorized ? "Bearer" : null, error.RetryAfterSeconds);

    public static IResult Answer(int status, string error, string description, string? challenge = null)
        => new OAuthErrorResult(status, new OAuthError { Error = error, ErrorDescription = description }, challenge);

    private sealed class OAuthErrorResult(int status, OAuthError error, string? challenge, int? retryAfterSeconds = null) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.Headers.CacheControl = "no-store";
            if (challenge is not null)
            {
                response.Headers.WWWAuthenticate = challenge;
            }

            if (retryAfterSeconds is { } seconds)
            {
                response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return response.WriteAsJsonAsync(error, JitJson.Context.OAuthError, contentType: "application/json", httpContext.RequestAborted);
        }
    }
}
