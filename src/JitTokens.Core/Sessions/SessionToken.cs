using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace JitTokens.Core.Sessions;

/// <summary>
/// Opaque session tokens: <c>jits_</c> + 256 random bits in base64url (43 characters). Only the
/// SHA-256 of the token is stored; a fast hash is right for a 256-bit random secret (DESIGN.md §5).
/// </summary>
internal static class SessionToken
{
    public const string Prefix = "jits_";
    private const int EncodedLength = 43;

    /// <summary>A new token and the hash to store for it.</summary>
    public static (string Token, string Hash) Create()
    {
        Span<byte> secret = stackalloc byte[32];
        RandomNumberGenerator.Fill(secret);
        var token = Prefix + Base64Url.EncodeToString(secret);
        return (token, Hash(token));
    }

    /// <summary>True when <paramref name="candidate"/> has the shape of a session token (says nothing of its validity).</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> candidate)
    {
        if (candidate.Length != Prefix.Length + EncodedLength || !candidate.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in candidate[Prefix.Length..])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Lower-case hex SHA-256 of the whole token string.</summary>
    public static string Hash(ReadOnlySpan<char> token)
    {
        Span<byte> utf8 = stackalloc byte[Prefix.Length + EncodedLength];
        var written = Encoding.ASCII.GetBytes(token, utf8);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(utf8[..written], digest);
        return Convert.ToHexStringLower(digest);
    }
}
