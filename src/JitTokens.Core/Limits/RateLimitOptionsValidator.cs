using System.Globalization;
using Microsoft.Extensions.Options;

namespace JitTokens.Core.Limits;

/// <summary>Refuses to start with a rate limit that cannot work (negative, not a number, an empty bucket) and says how to fix it.</summary>
internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public const double MaxPermitsPerSecond = 1_000_000;

    public const int MaxBurst = 1_000_000;

    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        Check(failures, nameof(options.PerSession), options.PerSession);
        Check(failures, nameof(options.PerHuman), options.PerHuman);
        if (options.MaxTrackedKeys is < 100 or > 10_000_000)
        {
            failures.Add($"{RateLimitOptions.SectionName}:MaxTrackedKeys must be 100 to 10000000 (it is {options.MaxTrackedKeys.ToString(CultureInfo.InvariantCulture)})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string which, RateLimitRule? rule)
    {
        var key = $"{RateLimitOptions.SectionName}:{which}";
        if (rule is null)
        {
            failures.Add($"{key} is empty; set {key}:PermitsPerSecond (0 turns the limit off) and {key}:Burst");
            return;
        }

        if (!double.IsFinite(rule.PermitsPerSecond) || rule.PermitsPerSecond < 0 || rule.PermitsPerSecond > MaxPermitsPerSecond)
        {
            failures.Add($"{key}:PermitsPerSecond must be 0 (no limit) or a positive number up to {MaxPermitsPerSecond.ToString(CultureInfo.InvariantCulture)}, e.g. 50 or 0.5 (it is {rule.PermitsPerSecond.ToString(CultureInfo.InvariantCulture)})");
        }
        else if (rule.IsOn && rule.PermitsPerSecond < 0.001)
        {
            failures.Add($"{key}:PermitsPerSecond must be at least 0.001 (one request per 1000 s), or 0 to turn the limit off");
        }

        if (rule.IsOn && rule.Burst is < 1 or > MaxBurst)
        {
            failures.Add($"{key}:Burst must be 1 to {MaxBurst.ToString(CultureInfo.InvariantCulture)}: the requests a key may make at once (it is {rule.Burst.ToString(CultureInfo.InvariantCulture)}); to turn the limit off set {key}:PermitsPerSecond to 0");
        }
    }
}
