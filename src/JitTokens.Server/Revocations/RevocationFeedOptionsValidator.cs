using Microsoft.Extensions.Options;

namespace JitTokens.Server.Revocations;

/// <summary>Refuses to start with feed settings that would stop it (a negative poll interval waits forever) or spin.</summary>
internal sealed class RevocationFeedOptionsValidator : IValidateOptions<RevocationFeedOptions>
{
    public ValidateOptionsResult Validate(string? name, RevocationFeedOptions options)
    {
        var failures = new List<string>();
        if (options.PollInterval < TimeSpan.FromMilliseconds(1) || options.PollInterval > TimeSpan.FromSeconds(5))
        {
            failures.Add($"{RevocationFeedOptions.SectionName}:PollInterval must be 1 ms to 5 s (revocations reach resource servers within about this)");
        }

        if (options.KeepAliveInterval < TimeSpan.FromMilliseconds(100) || options.KeepAliveInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{RevocationFeedOptions.SectionName}:KeepAliveInterval must be 100 ms to 1 min (resource servers treat a silent feed as stale)");
        }

        if (options.MaxStreams is < 1 or > 100_000)
        {
            failures.Add($"{RevocationFeedOptions.SectionName}:MaxStreams must be 1 to 100000");
        }

        if (options.StreamBuffer is < 100 or > 1_000_000)
        {
            failures.Add($"{RevocationFeedOptions.SectionName}:StreamBuffer must be 100 to 1000000");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
