using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Errors;
using JitTokens.Core.Escalations;
using JitTokens.Core.Sessions;
using JitTokens.Server.Http;
using JitTokens.Server.Humans;

namespace JitTokens.Server.Endpoints;

/// <summary>DESIGN.md §3.3: reading an escalation, by the session that asked or by an approver, auditor or admin.</summary>
internal static class EscalationEndpoints
{
    public static void MapEscalationEndpoints(this IEndpointRouteBuilder app)
        => app.MapGet("/v1/escalations/{id}", GetAsync);

    private static async Task<IResult> GetAsync(HttpContext context, SessionService sessions, HumanAuthenticator humans, EscalationService escalations, string id)
    {
        Result<EscalationView> view;
        if (Bearer.IsSessionToken(context.Request))
        {
            var auth = await sessions.AuthenticateAsync(Bearer.From(context.Request), SessionLookup.Fresh, Callers.From(context), context.RequestAborted);
            if (!auth.IsSuccess)
            {
                return Problems.From(auth.Error!);
            }

            view = await escalations.GetAsync(id, auth.Value!.Session, null, context.RequestAborted);
        }
        else
        {
            var human = await humans.AuthenticateAsync(context);
            if (!human.IsSuccess)
            {
                return Problems.From(human.Error!);
            }

            view = await escalations.GetAsync(id, null, human.Value, context.RequestAborted);
        }

        return view.IsSuccess ? TypedResults.Json(view.Value!, JitJson.Context.EscalationView) : Problems.From(view.Error!);
    }
}
