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
        CustomParser = ParseDuration,
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

    private static TimeSpan? ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
        if (JitDuration.TryParse(text, out var value))
        {
            return value;
        }

        result.AddError($"--ttl '{text}' is not a duration: use <n>s, <n>m or <n>h, e.g. 30s, 5m, 2h");
        return null;
    }
}
