using System.Net;
using JitTokens.Core;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Chat;

/// <summary>Checks the chat settings at start-up, naming the key to fix and never echoing a secret.</summary>
internal sealed class ChatOptionsValidator : IValidateOptions<ChatOptions>
{
    public ValidateOptionsResult Validate(string? name, ChatOptions options)
    {
        var failures = new List<string>();
        if (options.Enabled)
        {
            if (!Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && IsLoopback(url))))
            {
                failures.Add("JitTokens:Chat:WebhookUrl must be an absolute https URL (http only for a loopback host); the value is not repeated here because webhook URLs are secrets");
            }

            if (string.IsNullOrWhiteSpace(options.SigningSecret))
            {
                failures.Add("JitTokens:Chat:SigningSecret is required with a webhook: it verifies that Approve / Deny clicks come from Slack (Slack app settings > Basic Information > Signing Secret)");
            }
        }

        foreach (var (user, linked) in options.Users)
        {
            if (user.Length is 0 or > 64 || !user.All(char.IsAsciiLetterOrDigit))
            {
                failures.Add($"JitTokens:Chat:Users has a key that is not a Slack user id (letters and digits, like U0DBA01): {TextRules.Quote(user)}");
            }

            if (!TextRules.IsUserName(linked))
            {
                failures.Add($"JitTokens:Chat:Users:{user} must be a user name as the identity provider names it (no spaces or ':')");
            }
        }

        if (options.DeliveryTimeout <= TimeSpan.Zero || options.DeliveryTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add("JitTokens:Chat:DeliveryTimeout must be between 00:00:00.001 and 00:01:00");
        }

        if (options.MaxRetryDelay < TimeSpan.FromSeconds(1) || options.MaxRetryDelay > TimeSpan.FromHours(1))
        {
            failures.Add("JitTokens:Chat:MaxRetryDelay must be between 00:00:01 and 01:00:00");
        }

        if (options.PollInterval < TimeSpan.FromMilliseconds(50) || options.PollInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add("JitTokens:Chat:PollInterval must be between 00:00:00.05 and 00:01:00");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsLoopback(Uri url)
        => url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
