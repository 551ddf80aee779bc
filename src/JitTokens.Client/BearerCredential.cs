using System.Net.Http.Headers;

namespace JitTokens.Client;

/// <summary>
/// Builds the RFC 6750 §2.1 Authorization header. Session tokens and JWTs are printable ASCII
/// without spaces; anything else is refused here, before it could reach a header parser whose
/// exception message might echo it.
/// </summary>
internal static class BearerCredential
{
    public static AuthenticationHeaderValue? TryCreate(string credential)
    {
        if (credential.Length == 0)
        {
            return null;
        }

        foreach (var c in credential)
        {
            if (c is <= ' ' or > '~')
            {
                return null;
            }
        }

        return new AuthenticationHeaderValue("Bearer", credential);
    }
}
