using JitTokens.Core.Escalations;
using JitTokens.Core.Storage;
using Microsoft.Extensions.Options;

namespace JitTokens.Core.Outbox;

/// <summary>
/// Builds the chat outbox's messages (null when chat is off) and wakes the dispatcher when one is
/// stored. The messages are written by the store in the same atomic step as the change they announce.
/// </summary>
internal sealed class EscalationOutbox(IOptions<OutboxOptions> options, TimeProvider time) : IDisposable
{
    /// <summary>How long Slack honours a <c>response_url</c>.</summary>
    public static readonly TimeSpan ResponseUrlLifetime = TimeSpan.FromMinutes(30);

    private readonly SemaphoreSlim _signal = new(0, 1);

    public bool Enabled => options.Value.Enabled;

    public OutboxMessage? Request(EscalationRecord escalation) => Message(OutboxKinds.Request, escalation, null, null);

    /// <summary>The escalation's new state, replacing the chat message through its latest <c>response_url</c> when there is one.</summary>
    public OutboxMessage? Update(EscalationRecord escalation) => Message(OutboxKinds.Update, escalation, escalation.ChatResponseUrl, null);

    public OutboxMessage? Reply(string escalationId, string responseUrl, string text)
    {
        var now = time.GetUtcNow();
        return Enabled
            ? new OutboxMessage
            {
                Id = Ids.NewOutboxMessageId(),
                Kind = OutboxKinds.Reply,
                EscalationId = escalationId,
                ResponseUrl = responseUrl,
                Text = text,
                DueAt = now,
                ExpiresAt = now + ResponseUrlLifetime,
            }
            : null;
    }

    public void Dispose() => _signal.Dispose();

    /// <summary>Wakes the dispatcher; call after a message was stored.</summary>
    public void Signal()
    {
        try
        {
            _signal.Release();
        }
        catch (ObjectDisposedException)
        {
            // Shutting down: the message is stored and the next start delivers it.
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the dispatcher will look at the whole outbox anyway.
        }
    }

    /// <summary>Waits for <see cref="Signal"/> or <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    private OutboxMessage? Message(string kind, EscalationRecord escalation, string? responseUrl, string? text)
    {
        var now = time.GetUtcNow();
        return Enabled
            ? new OutboxMessage
            {
                Id = Ids.NewOutboxMessageId(),
                Kind = kind,
                EscalationId = escalation.Id,
                ResponseUrl = responseUrl,
                Text = text,
                DueAt = now,
                ExpiresAt = escalation.ExpiresAt + StoreRetention.Escalation,
            }
            : null;
    }
}
