namespace JitTokens.Server.Chat;

/// <summary>
/// Slack-compatible chat (configuration section <c>JitTokens:Chat</c>, DESIGN.md §3.4). Without a
/// <see cref="WebhookUrl"/> chat is off: escalations are printed in the log and decided through the API or CLI.
/// </summary>
internal sealed class ChatOptions
{
    public const string SectionName = "JitTokens:Chat";

    /// <summary>
    /// The Slack incoming-webhook URL approval requests are posted to. A secret: it is never logged.
    /// https is required unless the host is loopback. No default (chat off).
    /// </summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The Slack app's signing secret, which verifies button clicks. Required with <see cref="WebhookUrl"/>. Never logged.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>
    /// Links Slack user ids to the identity provider's user names (<c>"U0DBA01": "dana"</c>). A linked
    /// person is one approver however they decide (chat or API), and cannot approve their own
    /// session's request from chat. Unlinked chat users decide as <c>slack:&lt;id&gt;</c>. Default empty.
    /// </summary>
    public Dictionary<string, string> Users { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long one delivery attempt may take. Default 10 seconds.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between delivery attempts (the backoff doubles from 1 second up to this). Default 5 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the outbox is checked when nothing wakes it. Default 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public bool Enabled => !string.IsNullOrWhiteSpace(WebhookUrl);
}
