using JitTokens.Abstractions.Json;
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
        var (session, human, refusal) = await EitherCaller.AuthenticateAsync(context, sessions, humans);
        if (refusal is not null)
        {
            return refusal;
        }

        var view = await escalations.GetAsync(id, session, human, context.RequestAborted);
        return view.IsSuccess ? TypedResults.Json(view.Value!, JitJson.Context.EscalationView) : Problems.From(view.Error!);
    }
}
