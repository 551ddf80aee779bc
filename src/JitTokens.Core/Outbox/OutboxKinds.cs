namespace JitTokens.Core.Outbox;

/// <summary>Values of <see cref="OutboxMessage.Kind"/>.</summary>
internal static class OutboxKinds
{
    /// <summary>Post the approval request (with its buttons) to the chat webhook.</summary>
    public const string Request = "request";

    /// <summary>Show the escalation's new state: replace the message through <c>response_url</c>, or post the outcome when it is final.</summary>
    public const string Update = "update";

    /// <summary>Tell the person who clicked why nothing happened (an ephemeral reply through <c>response_url</c>).</summary>
    public const string Reply = "reply";
}
