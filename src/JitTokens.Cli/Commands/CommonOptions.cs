using System.CommandLine;
using System.Globalization;
using System.CommandLine.Parsing;
using JitTokens.Abstractions;

namespace JitTokens.Cli.Commands;

/// <summary>Options shared by several commands. Created per run: a System.CommandLine symbol belongs to one tree.</summary>
internal static class CommonOptions
{
    public static Option<string?> CreateUrl() => new("--url")
    {
        Description = $"The issuer URL. Default: ${EnvironmentVariables.Url}, else {IssuerConnection.DefaultUrl}",
        HelpName = "url",
        Recursive = true,
    };

    /// <summary>A <c>--ttl</c> in the catalog's duration format (<c>30s</c>, <c>5m</c>, <c>2h</c>); a bad value is a parse error (exit 2).</summary>
    public static Option<TimeSpan?> CreateTtl(string description) => new("--ttl")
    {
        Description = description,
        HelpName = "duration",
        CustomParser = result => ParseDuration(result, "--ttl"),
    };

    /// <summary>
    /// A duration option (<c>30s</c>, <c>5m</c>, <c>2h</c>) from <paramref name="min"/> to <paramref name="max"/>;
    /// a bad value or one out of range is a parse error (exit 2).
    /// </summary>
    public static Option<TimeSpan?> CreateDuration(string name, string description, TimeSpan min, TimeSpan max) => new(name)
    {
        Description = description,
        HelpName = "duration",
        CustomParser = result =>
        {
            if (ParseDuration(result, name) is not { } value)
            {
                return null;
            }

            if (value < min || value > max)
            {
                result.AddError($"{name} '{result.Tokens[0].Value}' is out of range: use {Format(min)} to {Format(max)}");
                return null;
            }

            return value;
        },
    };

    /// <summary>A <c>--limit</c> from 1 to <paramref name="max"/>; anything else is a parse error (exit 2).</summary>
    public static Option<int?> CreateLimit(int max, string description) => new("--limit")
    {
        Description = description,
        HelpName = "n",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit >= 1 && limit <= max)
            {
                return limit;
            }

            result.AddError($"--limit '{text}' is not a whole number from 1 to {max}");
            return null;
        },
    };

    /// <summary>Whole seconds for the wire (<c>ttl_seconds</c>); JitDuration's maximum (366 days) fits an int.</summary>
    public static int? ToSeconds(TimeSpan? duration) => duration is { } d ? (int)d.TotalSeconds : null;

    /// <summary>A whole number of seconds in JitDuration's format, in its largest exact unit (<c>5s</c>, <c>2m</c>, <c>1h</c>).</summary>
    private static string Format(TimeSpan duration) => duration.TotalSeconds switch
    {
        var s when s % 3600 == 0 => FormattableString.Invariant($"{s / 3600:0}h"),
        var s when s % 60 == 0 => FormattableString.Invariant($"{s / 60:0}m"),
        var s => FormattableString.Invariant($"{s:0}s"),
    };

    private static TimeSpan? ParseDuration(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
        if (JitDuration.TryParse(text, out var value))
        {
            return value;
        }

        result.AddError($"{name} '{text}' is not a duration: use <n>s, <n>m or <n>h, e.g. 30s, 5m, 2h");
        return null;
    }
}
