using System.Net.Http.Headers;
using System.Text;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Errors;
using JitTokens.Core.Escalations;
using JitTokens.Core.Outbox;
using JitTokens.Core.Storage;
using JitTokens.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Chat;

/// <summary>
/// Delivers the durable chat outbox (DESIGN.md §3.4). Messages are leased from the store, so several
/// server instances share the work and a crashed instance's messages come back after the lease.
/// Failed deliveries are retried with exponential backoff (honouring <c>Retry-After</c>) until the
/// escalation is past its retention; a chat outage therefore delays messages but loses none.
/// Every message is rendered from the escalation as it is at delivery time.
/// </summary>
internal sealed class ChatOutboxDispatcher(
    IJitStore store,
    EscalationOutbox outbox,
    IHttpClientFactory httpClients,
    IOptions<ChatOptions> options,
    TimeProvider time,
    JitMetrics metrics,
    ILogger<ChatOutboxDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "JitTokens.Chat";
    private const int BatchSize = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var chat = options.Value;
        if (!chat.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await DeliverDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (StoreUnavailableException e)
            {
                Log.BackgroundPassFailed(logger, "chat outbox", e.Message);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A bug (or a record the store cannot read) must not stop the host; the next pass tries again.
                Log.BackgroundPassFailed(logger, "chat outbox", e.GetType().Name);
            }

            if (claimed < BatchSize)
            {
                try
                {
                    await outbox.WaitAsync(chat.PollInterval, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One pass: claims what is due and delivers it. Returns how many messages it claimed.</summary>
    internal async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var chat = options.Value;
        var messages = await store.ClaimOutboxAsync(time.GetUtcNow(), chat.DeliveryTimeout * 3, BatchSize, cancellationToken).ConfigureAwait(false);
        // One escalation's messages go out one after another, in order: a slow older update must not
        // land after (and hide) a newer one. Different escalations go out in parallel.
        await Task.WhenAll(messages.GroupBy(m => m.EscalationId, StringComparer.Ordinal).Select(async group =>
        {
            foreach (var message in group)
            {
                await DeliverGuardedAsync(message, chat, cancellationToken).ConfigureAwait(false);
            }
        })).ConfigureAwait(false);
        return messages.Count;
    }

    /// <summary>A message that fails for an unexpected reason is retried later like any failed delivery; the host keeps running.</summary>
    private async Task DeliverGuardedAsync(OutboxMessage message, ChatOptions chat, CancellationToken cancellationToken)
    {
        try
        {
            await DeliverAsync(message, chat, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (e is not StoreUnavailableException)
            {
                // A store failure is not the chat's (and an HTTP failure was counted where it happened).
                metrics.ChatDeliveryFailed(message.Kind, "error");
            }

            Log.BackgroundPassFailed(logger, "chat outbox", $"{e.GetType().Name} delivering {message.Kind} for {message.EscalationId}");
            try
            {
                var attempts = message.Attempts + 1;
                await store.RescheduleOutboxAsync(message with { Attempts = attempts, DueAt = time.GetUtcNow() + Backoff(attempts, chat.MaxRetryDelay, null) }, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreUnavailableException)
            {
                // The lease runs out and the message comes back on its own.
            }
        }
    }

    private async Task DeliverAsync(OutboxMessage message, ChatOptions chat, CancellationToken cancellationToken)
    {
        var (url, body) = await RenderAsync(message, chat, cancellationToken).ConfigureAwait(false);
        if (url is null)
        {
            await store.CompleteOutboxAsync(message.Id, cancellationToken).ConfigureAwait(false);
            return;
        }

        // The span names the message, never the URL (webhook and response URLs are secrets).
        using var span = JitTelemetry.Start(JitTelemetry.Spans.ChatDeliver);
        span?.SetTag(JitTelemetry.Tags.Kind, message.Kind);
        span?.SetTag(JitTelemetry.Tags.EscalationId, message.EscalationId);
        string reason;
        string reasonTag;
        TimeSpan? retryAfter = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(chat.DeliveryTimeout);
            using var content = new StringContent(body!, Encoding.UTF8, "application/json");
            using var response = await httpClients.CreateClient(HttpClientName).PostAsync(url, content, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                await store.CompleteOutboxAsync(message.Id, cancellationToken).ConfigureAwait(false);
                Log.ChatDelivered(logger, message.Kind, message.EscalationId);
                return;
            }

            reason = "HTTP " + (int)response.StatusCode;
            reasonTag = "http_" + (int)response.StatusCode;
            retryAfter = RetryAfter(response.Headers.RetryAfter);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            reason = "timed out";
            reasonTag = "timeout";
        }
        catch (HttpRequestException e)
        {
            // The exception message can name the URL, which is a secret; the error kind cannot.
            reason = e.HttpRequestError.ToString();
            reasonTag = e.HttpRequestError.ToString();
        }

        metrics.ChatDeliveryFailed(message.Kind, reasonTag);
        span.Fail(reasonTag);

        var attempts = message.Attempts + 1;
        var delay = Backoff(attempts, chat.MaxRetryDelay, retryAfter);
        await store.RescheduleOutboxAsync(message with { Attempts = attempts, DueAt = time.GetUtcNow() + delay }, cancellationToken).ConfigureAwait(false);
        Log.ChatDeliveryFailed(logger, message.Kind, message.EscalationId, reason, attempts, delay.TotalSeconds);
    }

    /// <summary>Where to post and what; a null URL means there is nothing (left) to say.</summary>
    private async Task<(string? Url, string? Body)> RenderAsync(OutboxMessage message, ChatOptions chat, CancellationToken cancellationToken)
    {
        if (message.Kind == OutboxKinds.Reply)
        {
            return message.ResponseUrl is null ? (null, null) : (message.ResponseUrl, SlackMessages.Reply(message.Text ?? ""));
        }

        var escalation = await store.GetEscalationAsync(message.EscalationId, cancellationToken).ConfigureAwait(false);
        if (escalation is null)
        {
            return (null, null);
        }

        var now = time.GetUtcNow();
        var open = escalation.ToView(now).Status == EscalationStatuses.Pending;
        return message.Kind switch
        {
            // A request that was decided before it could be posted is announced by its update instead.
            OutboxKinds.Request => open ? (chat.WebhookUrl, SlackMessages.Render(escalation, now, replaceOriginal: false)) : (null, null),
            OutboxKinds.Update when message.ResponseUrl is not null => (message.ResponseUrl, SlackMessages.Render(escalation, now, replaceOriginal: true)),
            // Without a message to replace, only a final outcome is worth a new message.
            OutboxKinds.Update => open ? (null, null) : (chat.WebhookUrl, SlackMessages.Render(escalation, now, replaceOriginal: false)),
            _ => (null, null),
        };
    }

    internal static TimeSpan Backoff(int attempts, TimeSpan max, TimeSpan? retryAfter)
    {
        var exponential = TimeSpan.FromSeconds(Math.Pow(2, Math.Min(attempts - 1, 20)));
        var delay = retryAfter is { } after && after > exponential ? after : exponential;
        return delay < max ? delay : max;
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };
}
