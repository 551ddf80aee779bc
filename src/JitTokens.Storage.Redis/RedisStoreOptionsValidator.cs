using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JitTokens.Storage.Redis;

/// <summary>Refuses a Redis configuration that cannot work, saying which key to set and how.</summary>
internal sealed class RedisStoreOptionsValidator : IValidateOptions<RedisStoreOptions>
{
    private static readonly TimeSpan MaxOperationTimeout = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, RedisStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckConfiguration(options.Configuration, failures);

        if (string.IsNullOrWhiteSpace(options.KeyPrefix) || options.KeyPrefix.Any(char.IsWhiteSpace))
        {
            failures.Add($"{RedisStoreOptions.SectionName}:KeyPrefix must be a non-empty prefix without spaces (default \"jit:\"), so JitTokens keys never mix with other data in the same Redis database.");
        }

        if (options.OperationTimeout <= TimeSpan.Zero || options.OperationTimeout > MaxOperationTimeout)
        {
            failures.Add($"{RedisStoreOptions.SectionName}:OperationTimeout is {options.OperationTimeout}; set a duration between 00:00:00.001 and 00:01:00 (default 00:00:02). Requests wait this long at most before answering 503.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckConfiguration(string? configuration, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            failures.Add($"{RedisStoreOptions.SectionName}:Configuration is not set. Set it to a StackExchange.Redis configuration string such as \"localhost:6379\" (environment variable JitTokens__Redis__Configuration), or start the server with --dev for the in-memory store.");
            return;
        }

        try
        {
            if (ConfigurationOptions.Parse(configuration).EndPoints.Count == 0)
            {
                failures.Add($"{RedisStoreOptions.SectionName}:Configuration names no endpoint. Put host:port first, e.g. \"localhost:6379,password=…\".");
            }
        }
        catch (ArgumentException e)
        {
            failures.Add($"{RedisStoreOptions.SectionName}:Configuration cannot be parsed: {WithoutPassword(e.Message, configuration)} Use the StackExchange.Redis format \"host:port,option=value,…\".");
        }
    }

    /// <summary>
    /// The parser's message names the bad option and may quote its value. A password holding ',' or '=' is split into
    /// further "options" there, so every piece of the text after <c>password=</c> is blanked out of the message.
    /// </summary>
    private static string WithoutPassword(string message, string configuration)
    {
        const string Key = "password=";
        var at = configuration.IndexOf(Key, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return message;
        }

        foreach (var piece in configuration[(at + Key.Length)..].Split([',', '='], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            message = message.Replace(piece, "…", StringComparison.Ordinal);
        }

        return message;
    }
}
