using System.Globalization;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Errors;
using JitTokens.Core.Escalations;
using JitTokens.Core.Sessions;
using JitTokens.Server.Chat;
using JitTokens.Server.Http;
using JitTokens.Server.Humans;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Endpoints;

/// <summary>
/// DESIGN.md §3.3: reading escalations, the agent's poll-and-redeem, and human decisions. Chat
/// decisions arrive through <see cref="Chat.ChatEndpoints"/> and use the same <see cref="EscalationDecisions"/>.
/// </summary>
internal static class EscalationEndpoints
{
    public static void MapEscalationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/escalations", ListAsync);
        app.MapGet("/v1/escalations/{id}", GetAsync);
        app.MapPost("/v1/escalations/{id}/token", RedeemAsync);
        app.MapPost("/v1/escalations/{id}/approve", (HttpContext context, HumanAuthenticator humans, EscalationDecisions decisions, IOptions<ChatOptions> chat, string id)
            => DecideAsync(context, humans, decisions, chat.Value, id, EscalationDecision.Approve));
        app.MapPost("/v1/escalations/{id}/deny", (HttpContext context, HumanAuthenticator humans, EscalationDecisions decisions, IOptions<ChatOptions> chat, string id)
            => DecideAsync(context, humans, decisions, chat.Value, id, EscalationDecision.Deny));
    }

    private static async Task<IResult> GetAsync(HttpContext context, SessionService sessions, HumanAuthenticator humans, EscalationService escalations, string id)
    {
        var (session, human, refusal) = await EitherCaller.AuthenticateAsync(context, sessions, humans);
        if (refusal is not null)
        {
            return refusal;
        }

        var view = await escalations.GetAsync(id, session, human, context.RequestAborted);
        return view.IsSuccess ? TypedResults.Json(view.Value!, JitJson.Context.EscalationView) : Problems.From(view.Error!);
    }

    private static async Task<IResult> ListAsync(HttpContext context, SessionService sessions, HumanAuthenticator humans, EscalationService escalations, string? status, string? limit)
    {
        var (session, human, refusal) = await EitherCaller.AuthenticateAsync(context, sessions, humans);
        if (refusal is not null)
        {
            return refusal;
        }

        if (status is not (null or EscalationStatuses.Pending))
        {
            return Problems.From(JitError.InvalidRequest("status must be 'pending' or left out"));
        }

        var max = 100;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 1 or > EscalationService.MaxListLimit))
        {
            return Problems.From(JitError.InvalidRequest($"limit must be a whole number from 1 to {EscalationService.MaxListLimit}"));
        }

        var list = await escalations.ListAsync(session, human, status is not null, max, context.RequestAborted);
        return list.IsSuccess
            ? TypedResults.Json(new EscalationList { Escalations = list.Value! }, JitJson.Context.EscalationList)
            : Problems.From(list.Error!);
    }

    private static async Task<IResult> RedeemAsync(HttpContext context, SessionService sessions, EscalationRedemption redemption, string id)
    {
        var caller = Callers.From(context);
        var auth = await sessions.AuthenticateAsync(Bearer.From(context.Request), SessionLookup.Fresh, caller, context.RequestAborted);
        if (!auth.IsSuccess)
        {
            return Problems.From(auth.Error!);
        }

        var outcome = await redemption.RedeemAsync(auth.Value!, id, caller, context.RequestAborted);
        if (outcome.Issued is { } issued)
        {
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Json(issued, JitJson.Context.TokenIssued, statusCode: StatusCodes.Status201Created);
        }

        return Problems.From(outcome.Error!);
    }

    private static async Task<IResult> DecideAsync(HttpContext context, HumanAuthenticator humans, EscalationDecisions decisions, ChatOptions chat, string id, EscalationDecision decision)
    {
        if (Bearer.IsSessionToken(context.Request))
        {
            return Problems.From(JitError.AccessDenied("agents never approve or deny: a human decides, with their own credentials"));
        }

        var human = await humans.AuthenticateAsync(context);
        if (!human.IsSuccess)
        {
            return Problems.From(human.Error!);
        }

        string? comment = null;
        if (HasBody(context.Request))
        {
            var (body, invalid) = await JsonBody.ReadAsync(context, JitJson.Context.DecisionRequest);
            if (invalid is not null)
            {
                return invalid;
            }

            comment = body!.Comment;
        }

        // A person linked to a chat id is that chat id too: in approver groups, and as one approver in M-of-N.
        var chatIds = chat.Users.Where(link => link.Value == human.Value!.Name).Select(link => ChatIdentityCheck.ChatIdPrefix + link.Key);
        var result = await decisions.DecideAsync(human.Value!, chatIds, id, decision, comment, Callers.From(context), context.RequestAborted);
        return result.IsSuccess ? TypedResults.Json(result.Value!, JitJson.Context.EscalationView) : Problems.From(result.Error!);
    }

    /// <summary>The decision body is optional: no body at all means no comment.</summary>
    private static bool HasBody(HttpRequest request)
        => request.ContentLength is > 0 || (request.ContentLength is null && (request.ContentType is not null || request.Headers.TransferEncoding.Count > 0));
}
