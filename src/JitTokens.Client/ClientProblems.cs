using System.Net;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Client;

/// <summary>Problems the client synthesises when the server did not send one. Details never contain a credential.</summary>
internal static class ClientProblems
{
    public static Problem Unreachable(Uri issuer, string reason)
        => Create(ErrorCodes.Unavailable, 0, "Service unavailable", $"cannot reach the issuer at {issuer}: {reason}");

    public static Problem MalformedCredential()
        => Create(ErrorCodes.InvalidRequest, 0, "Invalid request", "the bearer credential is empty or has characters a token never has (spaces, line breaks, non-ASCII); check where it came from");

    public static Problem UnexpectedAnswer(HttpStatusCode status, string what)
        => Create(ErrorCodes.Unavailable, (int)status, "Unexpected answer", $"the issuer answered HTTP {(int)status} {what}; is the URL a JitTokens issuer?");

    /// <summary>An error status without a JitTokens problem body (a proxy, an unmapped route): the code follows the status.</summary>
    public static Problem FromStatus(HttpStatusCode status)
    {
        var code = (int)status switch
        {
            >= 500 => ErrorCodes.Unavailable,
            429 => ErrorCodes.RateLimited,
            413 => ErrorCodes.PayloadTooLarge,
            _ => ErrorCodes.InvalidRequest,
        };
        return Create(code, (int)status, status.ToString(), $"the issuer answered HTTP {(int)status} {status} without a problem body");
    }

    private static Problem Create(string code, int status, string title, string detail) => new()
    {
        Type = "urn:jittokens:error:" + code,
        Title = title,
        Status = status,
        Detail = detail,
        Error = code,
    };
}
