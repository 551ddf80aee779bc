using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace JitTokens.Server.Chat;

/// <summary>
/// Verifies Slack's v0 request signature (DESIGN.md §3.4; https://docs.slack.dev/authentication/verifying-requests-from-slack):
/// <c>X-Slack-Signature</c> = <c>v0=</c> + lowercase hex HMAC-SHA256(signing secret,
/// <c>v0:{X-Slack-Request-Timestamp}:{raw body}</c>), with the timestamp within five minutes of now.
/// Run it over the bytes exactly as received, before anything is parsed. It never throws on what a
/// caller sends, and the secret never leaves it.
/// </summary>
internal static class SlackSignature
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";

    public const string SignatureHeader = "X-Slack-Signature";

    /// <summary>How far the request's timestamp may be from now, either way: 5 minutes, as Slack recommends against replays.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private const string Prefix = "v0=";

    /// <summary>Slack's timestamps are Unix seconds: ten digits until 2286. More digits is nobody's clock.</summary>
    private const int MaxTimestampDigits = 12;

    private const int HashBytes = 32;

    /// <summary>Checks <paramref name="signature"/> over <paramref name="rawBody"/> as Slack signs it.</summary>
    /// <param name="signingSecret">The Slack app's signing secret; an empty one never verifies anything.</param>
    /// <param name="timestamp">The <c>X-Slack-Request-Timestamp</c> header: Unix seconds.</param>
    /// <param name="signature">The <c>X-Slack-Signature</c> header.</param>
    /// <param name="rawBody">The request body exactly as received.</param>
    /// <param name="now">The current time, from the server's <see cref="TimeProvider"/>.</param>
    public static SlackSignatureCheck Verify(string signingSecret, string? timestamp, string? signature, ReadOnlySpan<byte> rawBody, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return SlackSignatureCheck.Missing;
        }

        Span<byte> claimed = stackalloc byte[HashBytes];
        if (!TryParseTimestamp(timestamp, out var seconds) || !TryParseSignature(signature, claimed))
        {
            return SlackSignatureCheck.Malformed;
        }

        var nowSeconds = now.ToUnixTimeSeconds();
        var window = (long)Window.TotalSeconds;
        if (seconds < nowSeconds - window || seconds > nowSeconds + window)
        {
            return SlackSignatureCheck.OutsideWindow;
        }

        if (string.IsNullOrEmpty(signingSecret))
        {
            // An empty key is a key anyone can use: a misconfiguration must not open the endpoint.
            return SlackSignatureCheck.Mismatch;
        }

        Span<byte> expected = stackalloc byte[HashBytes];
        Compute(signingSecret, timestamp, rawBody, expected);
        return CryptographicOperations.FixedTimeEquals(expected, claimed) ? SlackSignatureCheck.Valid : SlackSignatureCheck.Mismatch;
    }

    private static void Compute(string signingSecret, string timestamp, ReadOnlySpan<byte> rawBody, Span<byte> destination)
    {
        var key = Encoding.UTF8.GetBytes(signingSecret);
        try
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            // The timestamp is ASCII digits (checked), so its chars are its bytes.
            hmac.AppendData("v0:"u8);
            hmac.AppendData(Encoding.ASCII.GetBytes(timestamp));
            hmac.AppendData(":"u8);
            hmac.AppendData(rawBody);
            hmac.GetHashAndReset(destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static bool TryParseTimestamp(string timestamp, out long seconds)
    {
        seconds = 0;
        return timestamp.Length <= MaxTimestampDigits
            && !timestamp.AsSpan().ContainsAnyExceptInRange('0', '9')
            && long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out seconds);
    }

    /// <summary>Exactly <c>v0=</c> and 64 lowercase hex digits, as Slack sends it; decoded into <paramref name="hash"/>.</summary>
    private static bool TryParseSignature(string signature, Span<byte> hash)
    {
        if (signature.Length != Prefix.Length + (2 * HashBytes) || !signature.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var hex = signature.AsSpan(Prefix.Length);
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        return Convert.FromHexString(hex, hash, out _, out var written) == OperationStatus.Done && written == HashBytes;
    }
}
