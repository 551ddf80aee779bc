using System.Globalization;

namespace JitTokens.Core.Revocations;

/// <summary>
/// A position in the revocation feed (DESIGN.md §3.5): <c>&lt;ms&gt;-&lt;n&gt;</c>, the Unix milliseconds of the
/// entry and a counter within that millisecond, as a Redis stream id is. Entries are ordered by it; the text form
/// is what clients hold (<c>cursor</c>, <c>next</c>, <c>after</c>, <c>Last-Event-ID</c>).
/// </summary>
internal readonly record struct RevocationCursor(long Milliseconds, long Counter) : IComparable<RevocationCursor>
{
    /// <summary>Before every entry.</summary>
    public static RevocationCursor Start { get; } = new(0, 0);

    /// <summary>The longest text a cursor can have (two 19-digit numbers and the dash).</summary>
    public const int MaxLength = 39;

    public static bool TryParse(string? text, out RevocationCursor cursor)
    {
        cursor = Start;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return false;
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var counter))
        {
            return false;
        }

        cursor = new RevocationCursor(ms, counter);
        return true;
    }

    /// <summary>The cursor that follows <paramref name="last"/> for an entry made at <paramref name="now"/>: later, always.</summary>
    public static RevocationCursor Next(RevocationCursor last, DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds();
        return ms > last.Milliseconds ? new RevocationCursor(ms, 0) : new RevocationCursor(last.Milliseconds, last.Counter + 1);
    }

    public int CompareTo(RevocationCursor other)
        => Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : Counter.CompareTo(other.Counter);

    public static bool operator <(RevocationCursor left, RevocationCursor right) => left.CompareTo(right) < 0;

    public static bool operator >(RevocationCursor left, RevocationCursor right) => left.CompareTo(right) > 0;

    public static bool operator <=(RevocationCursor left, RevocationCursor right) => left.CompareTo(right) <= 0;

    public static bool operator >=(RevocationCursor left, RevocationCursor right) => left.CompareTo(right) >= 0;

    public override string ToString()
        => Milliseconds.ToString(CultureInfo.InvariantCulture) + "-" + Counter.ToString(CultureInfo.InvariantCulture);
}
