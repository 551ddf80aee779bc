namespace JitTokens.Core.Outbox;

/// <summary>Whether escalations are announced in chat. Set by the host from <c>JitTokens:Chat:WebhookUrl</c>.</summary>
internal sealed class OutboxOptions
{
    /// <summary>True when a chat webhook is configured. Default false: nothing is queued.</summary>
    public bool Enabled { get; set; }
}
