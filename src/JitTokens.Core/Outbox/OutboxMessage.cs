namespace JitTokens.Core.Outbox;

/// <summary>
/// A chat notification waiting for delivery (the durable outbox of DESIGN.md §3.4). It names the
/// escalation, not the message text: the dispatcher renders the escalation as it is when it
/// delivers, so a late delivery never shows a stale state.
/// </summary>
internal sealed record OutboxMessage
{
    /// <summary>The message id (<c>msg_…</c>).</summary>
    public required string Id { get; init; }

    /// <summary>One of <see cref="OutboxKinds"/>.</summary>
    public required string Kind { get; init; }

    public required string EscalationId { get; init; }

    /// <summary>For <see cref="OutboxKinds.Update"/> and <see cref="OutboxKinds.Reply"/>: the Slack <c>response_url</c> to post to, if any.</summary>
    public string? ResponseUrl { get; init; }

    /// <summary>For <see cref="OutboxKinds.Reply"/>: the text shown to the person who clicked.</summary>
    public string? Text { get; init; }

    /// <summary>Failed delivery attempts so far.</summary>
    public int Attempts { get; init; }

    /// <summary>When the message is next due for delivery.</summary>
    public required DateTimeOffset DueAt { get; init; }

    /// <summary>After this the message is dropped undelivered: the escalation it describes is past its retention.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
