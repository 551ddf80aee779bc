using System.Globalization;

namespace JitTokens.Storage.Redis;

/// <summary>
/// How instants are written into Redis. Scripts compare instants as 19-digit UTC tick strings
/// (100 ns, DateTimeOffset's own precision) so both stores decide every boundary identically;
/// milliseconds would disagree with the in-memory store inside a millisecond. Set-once instants
/// (ended, revoked) are stored as round-trip text so callers get back exactly what they passed.
/// TTLs and sort scores are milliseconds.
/// </summary>
internal static class RedisTime
{
    public static string Ticks(DateTimeOffset instant) => instant.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The instant written by <see cref="Ticks"/>.</summary>
    public static DateTimeOffset ParseTicks(string? ticks)
        => long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(value, TimeSpan.Zero)
            : throw new InvalidDataException($"'{ticks}' is not a stored instant (ticks).");

    public static string Text(DateTimeOffset instant) => instant.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseText(string? text)
        => string.IsNullOrEmpty(text) ? null : DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    /// <summary>Milliseconds from <paramref name="now"/> until <paramref name="until"/>, at least 1 (Redis refuses 0 with PX).</summary>
    public static long TtlMilliseconds(DateTimeOffset until, DateTimeOffset now)
        => Math.Max(1, (long)Math.Ceiling((until - now).TotalMilliseconds));

    /// <summary>Sort score for the session indexes: ascending score = newest first.</summary>
    public static double NewestFirstScore(DateTimeOffset createdAt) => -createdAt.ToUnixTimeMilliseconds();

    /// <summary>Unix milliseconds (floor): exact in a sorted-set score, for indexes that only need to find what may still be live.</summary>
    public static long Milliseconds(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();
}
