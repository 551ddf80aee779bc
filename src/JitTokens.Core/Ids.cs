using System.Buffers.Text;
using System.Security.Cryptography;

namespace JitTokens.Core;

/// <summary>Random identifiers: 128 bits, base64url, with a readable prefix.</summary>
internal static class Ids
{
    public static string NewSessionId() => "ses_" + Random128();

    public static string NewTokenId() => "tok_" + Random128();

    public static string NewEscalationId() => "esc_" + Random128();

    public static string NewOutboxMessageId() => "msg_" + Random128();

    private static string Random128()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
