using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace JitTokens.Validation.Hosting;

/// <summary>Checks <see cref="JitTokensOptions"/> when the host starts; each message says how to fix it.</summary>
internal sealed partial class JitTokensOptionsValidator : IValidateOptions<JitTokensOptions>
{
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, JitTokensOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            problems.Add("JitTokens: Issuer is required: set it to the issuer URL, e.g. o.Issuer = \"https://jit.internal.example\"");
        }
        else if (!Uri.TryCreate(options.Issuer, UriKind.Absolute, out var issuer) || issuer.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(issuer.Query) || !string.IsNullOrEmpty(issuer.Fragment))
        {
            problems.Add($"JitTokens: Issuer '{options.Issuer}' is not an http(s) URL without query or fragment, e.g. https://jit.internal.example");
        }
        else if (options.RequireHttps && issuer.Scheme != "https")
        {
            problems.Add($"JitTokens: Issuer '{options.Issuer}' is not https; use https, or set RequireHttps = false for a local development issuer only");
        }

        if (string.IsNullOrWhiteSpace(options.Environment))
        {
            problems.Add("JitTokens: Environment is required: the catalog name of this server's environment, e.g. o.Environment = \"production\"");
        }
        else if (!EnvironmentName().IsMatch(options.Environment))
        {
            problems.Add($"JitTokens: Environment '{options.Environment}' is not an environment name of the catalog (lower case, like staging or production)");
        }

        if (options.Audience is not null && !Uri.TryCreate(options.Audience, UriKind.Absolute, out _))
        {
            problems.Add($"JitTokens: Audience '{options.Audience}' is not an absolute URL; leave it null to take the audience from the issuer's catalog");
        }

        if (string.IsNullOrEmpty(options.ClientId) != string.IsNullOrEmpty(options.ClientSecret))
        {
            problems.Add("JitTokens: ClientId and ClientSecret go together: set both (to accept single-use tokens) or neither");
        }

        Range(problems, nameof(options.ClockSkew), options.ClockSkew, TimeSpan.Zero, MaxClockSkew);
        Range(problems, nameof(options.FeedStaleAfter), options.FeedStaleAfter, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Range(problems, nameof(options.RetryMaxDelay), options.RetryMaxDelay, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        Range(problems, nameof(options.KeyRefreshInterval), options.KeyRefreshInterval, TimeSpan.FromSeconds(10), TimeSpan.FromDays(1));
        Range(problems, nameof(options.KeyRefreshMinInterval), options.KeyRefreshMinInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        Range(problems, nameof(options.BackchannelTimeout), options.BackchannelTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Range(List<string> problems, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            problems.Add($"JitTokens: {name} is {value}; use a value from {min} to {max}");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentName();
}
