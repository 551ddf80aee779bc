namespace JitTokens.Server.Chat;

/// <summary>
/// Which <c>response_url</c>s the server will POST to. The URL comes from a signed payload, but a
/// server must not become a request relay for whoever holds the signing secret: it must be on the
/// same scheme, host and port as the configured webhook (both are <c>hooks.slack.com</c> for Slack).
/// </summary>
internal static class ChatResponseUrls
{
    public const int MaxLength = 2048;

    public static string? Accept(string? responseUrl, ChatOptions options)
    {
        if (responseUrl is not { Length: > 0 and <= MaxLength }
            || !Uri.TryCreate(responseUrl, UriKind.Absolute, out var url)
            || !Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out var webhook)
            || !string.IsNullOrEmpty(url.UserInfo))
        {
            return null;
        }

        var sameOrigin = url.Scheme == webhook.Scheme
            && string.Equals(url.IdnHost, webhook.IdnHost, StringComparison.OrdinalIgnoreCase)
            && url.Port == webhook.Port;
        return sameOrigin ? url.AbsoluteUri : null;
    }
}
