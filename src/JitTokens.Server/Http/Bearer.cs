using Microsoft.Net.Http.Headers;

namespace JitTokens.Server.Http;

/// <summary>Reads the RFC 6750 §2.1 bearer credential from the Authorization header.</summary>
internal static class Bearer
{
    public static string? From(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization];
        if (header.Count != 1 || header[0] is not { } value)
        {
            return null;
        }

        const string scheme = "Bearer ";
        return value.Length > scheme.Length && value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? value[scheme.Length..].Trim()
            : null;
    }

    /// <summary>True when the header carries a session token (so human authentication can refuse it clearly).</summary>
    public static bool IsSessionToken(HttpRequest request)
        => From(request)?.StartsWith(Core.Sessions.SessionToken.Prefix, StringComparison.Ordinal) == true;
}
