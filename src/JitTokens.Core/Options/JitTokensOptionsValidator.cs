using Microsoft.Extensions.Options;

namespace JitTokens.Core.Options;

/// <summary>Checks the limits at start-up and says how to fix them.</summary>
internal sealed class JitTokensOptionsValidator : IValidateOptions<JitTokensOptions>
{
    public ValidateOptionsResult Validate(string? name, JitTokensOptions options)
    {
        var failures = new List<string>();
        if (options.Issuer is { } issuer && (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || issuer.EndsWith('/')))
        {
            failures.Add($"JitTokens:Issuer '{issuer}' must be an absolute http(s) URL without a trailing slash, e.g. https://jit.internal.example");
        }

        Positive(failures, nameof(options.MaxTokenTtl), options.MaxTokenTtl);
        Positive(failures, nameof(options.DefaultTokenTtl), options.DefaultTokenTtl);
        Positive(failures, nameof(options.MaxSessionTtl), options.MaxSessionTtl);
        Positive(failures, nameof(options.DefaultSessionTtl), options.DefaultSessionTtl);
        Positive(failures, nameof(options.EscalationTtl), options.EscalationTtl);
        Positive(failures, nameof(options.ApprovalRedeemTtl), options.ApprovalRedeemTtl);
        if (options.EscalationSweepInterval < TimeSpan.FromMilliseconds(100) || options.EscalationSweepInterval > TimeSpan.FromMinutes(5))
        {
            failures.Add("JitTokens:EscalationSweepInterval must be between 00:00:00.1 and 00:05:00");
        }
        if (options.MaxTokenTtl > TimeSpan.FromHours(24))
        {
            failures.Add("JitTokens:MaxTokenTtl is above 24:00:00; JitTokens tokens are meant to live minutes, not days");
        }

        if (options.DefaultSessionTtl > options.MaxSessionTtl)
        {
            failures.Add("JitTokens:DefaultSessionTtl must not exceed JitTokens:MaxSessionTtl");
        }

        if (options.PollIntervalSeconds is < 1 or > 60)
        {
            failures.Add("JitTokens:PollIntervalSeconds must be between 1 and 60");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"JitTokens:{name} must be a positive duration like 00:15:00");
        }
    }
}
