using System.Globalization;

namespace JitTokens.Abstractions;

/// <summary>
/// Durations as the catalog and the CLI write them: <c>&lt;n&gt;s</c>, <c>&lt;n&gt;m</c> or
/// <c>&lt;n&gt;h</c> (DESIGN.md §2), positive and at most <see cref="MaxValue"/>.
/// </summary>
public static class JitDuration
{
    /// <summary>The longest duration accepted: 366 days. Nothing in JitTokens lives a year; a bigger number is a typo, not a policy.</summary>
    public static readonly TimeSpan MaxValue = TimeSpan.FromDays(366);

    /// <summary>Parses a duration; false for anything else (zero, negative, other units, spaces, overflow).</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrEmpty(text) || text.Length < 2 || text.Length > 9)
        {
            return false;
        }

        var digits = text.AsSpan(0, text.Length - 1);
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        value = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            _ => TimeSpan.Zero,
        };
        return value > TimeSpan.Zero && value <= MaxValue;
    }
}
