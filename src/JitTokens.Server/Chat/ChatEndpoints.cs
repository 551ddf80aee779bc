using System.Text;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Audit;
using JitTokens.Core.Errors;
using JitTokens.Core.Escalations;
using JitTokens.Core.Limits;
using JitTokens.Core.Outbox;
using JitTokens.Core.Storage;
using JitTokens.Server.Http;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Chat;

/// <summary>
/// <c>POST /v1/chat/interactions</c> (DESIGN.md §3.4): Slack's callback when someone clicks Approve or
/// Deny. The signature over the raw body is checked before anything is parsed; bad signatures get
/// 401 and are audited. Anything else gets 200 (Slack shows nothing else to the clicker) with a
/// short message, which also goes to the clicker through <c>response_url</c>. The decision itself
/// is the same core operation as the API's.
/// </summary>
internal static class ChatEndpoints
{
    /// <summary>Slack's payloads carry the whole message back, so they may exceed the API's 16 KiB JSON limit.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Slack waits 3 seconds for the answer; the decision must fit well inside.</summary>
    private static readonly TimeSpan DecisionBudget = TimeSpan.FromMilliseconds(2500);

    public static void MapChatEndpoints(this IEndpointRouteBuilder app)
        => app.MapPost("/v1/chat/interactions", InteractAsync);

    private static async Task<IResult> InteractAsync(
        HttpContext context, IOptions<ChatOptions> options, EscalationDecisions decisions, EscalationOutbox outbox,
        IJitStore store, IAuditSink audit, RateLimits limits, TimeProvider time, ILogger<ChatOptions> logger)
    {
        var chat = options.Value;
        var caller = Callers.From(context);
        var body = await RawBody.ReadAsync(context, MaxBodyBytes);
        if (body is null)
        {
            return Problems.PayloadTooLarge(MaxBodyBytes);
        }

        var check = chat.SigningSecret is { Length: > 0 } secret
            ? SlackSignature.Verify(secret, Header(context, "X-Slack-Request-Timestamp"), Header(context, "X-Slack-Signature"), body, time.GetUtcNow())
            : SlackSignatureCheck.Missing;
        if (check != SlackSignatureCheck.Valid)
        {
            await audit.AppendAsync(AuditEvents.Create(AuditEventTypes.AuthFailed, time.GetUtcNow(), "anonymous", caller) with
            {
                Error = ErrorCodes.AccessDenied,
            }, context.RequestAborted);
            Log.ChatSignatureRejected(logger, check.ToString());
            return Problems.From(JitError.AccessDenied(chat.SigningSecret is null
                ? "chat is not configured on this issuer"
                : "the request is not signed by Slack (X-Slack-Signature, X-Slack-Request-Timestamp within 5 minutes)", StatusCodes.Status401Unauthorized));
        }

        var interaction = SlackInteraction.Parse(Encoding.UTF8.GetString(body));
        if (interaction is null || !interaction.HasValidUserId)
        {
            return Problems.From(JitError.InvalidRequest("expected a form body with a block_actions payload naming the user"));
        }

        var responseUrl = ChatResponseUrls.Accept(interaction.ResponseUrl, chat);
        if (interaction.ResponseUrl is not null && responseUrl is null)
        {
            Log.ChatResponseUrlRefused(logger);
        }

        if (interaction.Type != "block_actions" || interaction.ActionId is not (SlackActions.Approve or SlackActions.Deny) || interaction.Value is not { Length: > 0 } escalationId)
        {
            return await ReplyAsync(store, outbox, responseUrl, interaction.Value, "JitTokens does not handle this action.", context.RequestAborted);
        }

        var chatId = "slack:" + interaction.UserId;
        var approver = Approver.FromChat(chatId, chat.Users.GetValueOrDefault(interaction.UserId));
        if (limits.ForHuman(approver.Name) is { } limited)
        {
            // Counted like the person's API calls; answered to Slack only, not through response_url, so a flood of clicks cannot fill the outbox.
            return TypedResults.Json(new ChatAcknowledgement($"Too many requests from you; try again in {limited.RetryAfterSeconds} s."), ChatJsonContext.Default.ChatAcknowledgement);
        }

        var decision = interaction.ActionId == SlackActions.Approve ? EscalationDecision.Approve : EscalationDecision.Deny;
        // The decision is never cancelled half-way (it would not be logged); Slack only waits 3 seconds,
        // so past the budget the click is acknowledged and the decision finishes on its own.
        var deciding = decisions.DecideAsync(approver, escalationId, decision, null, responseUrl, caller, CancellationToken.None);
        Result<EscalationView> result;
        try
        {
            result = await deciding.WaitAsync(DecisionBudget, time, context.RequestAborted);
        }
        catch (TimeoutException)
        {
            return await ReplyAsync(store, outbox, responseUrl, escalationId, "JitTokens is still working on this click; the message will show the outcome, or check with `jit escalations`.", CancellationToken.None);
        }

        if (result.IsSuccess)
        {
            // The message itself is replaced through response_url by the outbox; this answer is only Slack's acknowledgement.
            return TypedResults.Json(new ChatAcknowledgement($"{Verb(result.Value!)} {escalationId}."), ChatJsonContext.Default.ChatAcknowledgement);
        }

        return await ReplyAsync(store, outbox, responseUrl, escalationId, Refusal(result.Error!, approver), context.RequestAborted);
    }

    private static async Task<IResult> ReplyAsync(IJitStore store, EscalationOutbox outbox, string? responseUrl, string? escalationId, string text, CancellationToken cancellationToken)
    {
        if (responseUrl is not null && outbox.Reply(escalationId is { Length: <= 64 } id ? id : "-", responseUrl, text) is { } message)
        {
            await store.EnqueueOutboxAsync(message, cancellationToken);
            outbox.Signal();
        }

        return TypedResults.Json(new ChatAcknowledgement(text), ChatJsonContext.Default.ChatAcknowledgement);
    }

    private static string Verb(EscalationView view) => view.Status switch
    {
        EscalationStatuses.Approved => "Approved",
        EscalationStatuses.Denied => "Denied",
        _ => $"Approval recorded ({view.Approvals.Count} of {view.ApprovalsRequired}) for",
    };

    /// <summary>What the clicker reads; the error's detail names no secret and echoes no agent text.</summary>
    private static string Refusal(JitError error, Approver approver) => error.Code switch
    {
        ErrorCodes.NotAnApprover => $"You ({approver.Name}) are not an approver for this request: {error.Detail}.",
        ErrorCodes.SelfApprovalForbidden => "You cannot decide a request of your own session.",
        ErrorCodes.AlreadyDecided => $"Nothing changed: {error.Detail}.",
        _ when error.Status == StatusCodes.Status404NotFound => "This escalation no longer exists.",
        _ => $"Nothing changed: {error.Detail}.",
    };

    private static string? Header(HttpContext context, string name)
        => context.Request.Headers.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
}
