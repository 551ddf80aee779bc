using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace JitTokens.Validation.Authentication;

/// <summary>The bearer token of a request (RFC 6750 §2.1: the Authorization header only; never the query).</summary>
internal static class BearerToken
{
    public static string? From(HttpRequest request)
    {
        var authorization = request.Headers[HeaderNames.Authorization].ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization[7..].Trim() is { Length: > 0 } token
            ? token
            : null;
    }
}
