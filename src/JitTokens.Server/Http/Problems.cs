using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Errors;

namespace JitTokens.Server.Http;

/// <summary>RFC 9457 problem responses carrying the stable <c>error</c> code of DESIGN.md §3.9.</summary>
internal static class Problems
{
    public const string ContentType = "application/problem+json";

    public static IResult From(JitError error) => new ProblemResult(error.RetryAfterSeconds, new Problem
    {
        Type = "urn:jittokens:error:" + error.Code,
        Title = Title(error.Code),
        Status = error.Status,
        Detail = error.Detail,
        Error = error.Code,
        MaxTtlSeconds = error.MaxTtlSeconds,
    });

    public static IResult Unavailable(string detail) => From(JitError.Unavailable(detail));

    public static IResult PayloadTooLarge(int maxBytes = JsonBody.MaxBytes) => From(new JitError(ErrorCodes.PayloadTooLarge, 413, $"request bodies are limited to {maxBytes} bytes"));

    private static string Title(string code) => code switch
    {
        ErrorCodes.InvalidRequest => "Invalid request",
        ErrorCodes.InvalidScope => "Invalid scope",
        ErrorCodes.ScopeNotAllowed => "Scope not allowed for this session",
        ErrorCodes.EnvironmentNotAllowed => "Environment not allowed",
        ErrorCodes.TtlTooLong => "TTL too long",
        ErrorCodes.InvalidSession => "Invalid session",
        ErrorCodes.AccessDenied => "Access denied",
        ErrorCodes.PayloadTooLarge => "Payload too large",
        ErrorCodes.Unavailable => "Service unavailable",
        ErrorCodes.RateLimited => "Rate limited",
        _ => code,
    };

    /// <summary>Writes the problem with its content type, the RFC 6750 §3 challenge on 401, and <c>Retry-After</c> when known.</summary>
    private sealed class ProblemResult(int? retryAfterSeconds, Problem problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = problem.Status;
            response.Headers.CacheControl = "no-store";
            if (retryAfterSeconds is { } seconds)
            {
                response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (problem.Status == StatusCodes.Status401Unauthorized)
            {
                response.Headers.WWWAuthenticate = problem.Error == ErrorCodes.InvalidSession
                    ? "Bearer error=\"invalid_token\", error_description=\"session token required\""
                    : "Bearer";
            }

            return response.WriteAsJsonAsync(problem, JitJson.Context.Problem, ContentType, httpContext.RequestAborted);
        }
    }
}
