using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace JitTokens.Server.Revocations;

/// <summary>
/// Authenticates a resource server by HTTP Basic (RFC 6749 §2.3.1: client id and secret form-url-encoded, then
/// base64) against <c>JitTokens:ResourceServers</c>, comparing SHA-256 digests in constant time.
/// </summary>
internal sealed class ResourceServerAuthenticator(IOptions<Dictionary<string, ResourceServerEntry>> options)
{
    public const string SectionName = "JitTokens:ResourceServers";

    /// <summary>The smallest secret accepted, so that a fast hash stays right.</summary>
    public const int MinSecretLength = 32;

    /// <summary>True when the request carries Basic credentials at all (whether or not they are right).</summary>
    public static bool HasBasic(HttpRequest request)
        => request.Headers[HeaderNames.Authorization] is [{ } value] && value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase);

    /// <summary>The resource server's client id and its environments (null: all), or null when the credentials are wrong.</summary>
    public (string ClientId, IReadOnlySet<string>? Environments)? Authenticate(HttpRequest request)
    {
        if (request.Headers[HeaderNames.Authorization] is not [{ } header] || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        string clientId, secret;
        try
        {
            clientId = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
            secret = Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return null;
        }

        var entries = options.Value;
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        if (!entries.TryGetValue(clientId, out var entry) || entry.SecretSha256 is not { Length: 64 } expectedHex)
        {
            // The same work whether or not the client exists.
            CryptographicOperations.FixedTimeEquals(digest, new byte[digest.Length]);
            return null;
        }

        byte[] expected;
        try
        {
            expected = Convert.FromHexString(expectedHex);
        }
        catch (FormatException)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(digest, expected))
        {
            return null;
        }

        return (clientId, entry.Environments.Count == 0 ? null : entry.Environments.ToHashSet(StringComparer.Ordinal));
    }
}
