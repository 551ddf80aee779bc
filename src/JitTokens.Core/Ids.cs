using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace JitTokens.Core;

/// <summary>
/// Random identifiers: 128 bits from the cryptographic generator (<see cref="RandomNumberGenerator"/>), base64url, with a readable prefix.
/// Identifiers are drawn from a per-thread buffer refilled 32 at a time (<see cref="RandomNumberGenerator.Fill"/>,
/// OpenSSL's generator on Linux) rather than one call per id: event ids used to come from
/// <see cref="Guid.CreateVersion7(DateTimeOffset)"/>, which reads <c>/dev/urandom</c> on every call (a system call,
/// about 1.3 µs on the benchmark host), and each generator call also pays OpenSSL's fork check (<c>getpid</c>).
/// Identifiers are not secrets (they are logged and returned); bytes are cleared once used, and secrets
/// (session tokens, <see cref="Sessions.SessionToken"/>) are drawn on their own, never from this buffer.
/// </summary>
internal static class Ids
{
    private const int IdBytes = 16;
    private const int BufferBytes = IdBytes * 32;

    [ThreadStatic]
    private static byte[]? t_buffer;

    [ThreadStatic]
    private static int t_left;

    public static string NewSessionId() => "ses_" + Random128();

    public static string NewTokenId() => "tok_" + Random128();

    public static string NewEscalationId() => "esc_" + Random128();

    public static string NewOutboxMessageId() => "msg_" + Random128();

    /// <summary>
    /// <c>evt_</c> and a UUIDv7 (RFC 9562) in 32 lower-case hex digits, as <c>Guid.CreateVersion7(time).ToString("N")</c>
    /// gives: the Unix milliseconds of <paramref name="time"/> in the first 48 bits (so ids sort by time), then the
    /// version and variant bits, and 74 random bits.
    /// </summary>
    public static string NewEventId(DateTimeOffset time)
    {
        var milliseconds = time.ToUnixTimeMilliseconds();
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds, nameof(time));
        Span<byte> uuid = stackalloc byte[IdBytes];
        Take(uuid);
        Span<byte> timestamp = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(timestamp, milliseconds);
        timestamp[2..].CopyTo(uuid); // the low 48 bits, big-endian
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x70);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        return "evt_" + Convert.ToHexStringLower(uuid);
    }

    private static string Random128()
    {
        Span<byte> bytes = stackalloc byte[IdBytes];
        Take(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Copies the next <see cref="IdBytes"/> random bytes of this thread's buffer into <paramref name="destination"/> and clears them there.</summary>
    private static void Take(Span<byte> destination)
    {
        var buffer = t_buffer ??= new byte[BufferBytes];
        if (t_left < IdBytes)
        {
            RandomNumberGenerator.Fill(buffer);
            t_left = BufferBytes;
        }

        var bytes = buffer.AsSpan(BufferBytes - t_left, IdBytes);
        t_left -= IdBytes;
        bytes.CopyTo(destination);
        bytes.Clear();
    }
}
