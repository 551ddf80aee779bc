using JitTokens.Abstractions.Json;
using JitTokens.Core.Errors;
using JitTokens.Core.Sessions;
using JitTokens.Core.Tokens;
using JitTokens.Server.Http;
using JitTokens.Server.Humans;

namespace JitTokens.Server.Endpoints;

/// <summary>DESIGN.md §3.2: request a token (the hot path), dry-run a request, revoke a token.</summary>
internal static class TokenEndpoints
{
    public static void MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/tokens", RequestAsync);
        app.MapDelete("/v1/tokens/{token_id}", RevokeAsync);
    }

    private static async Task<IResult> RequestAsync(HttpContext context, SessionService sessions, TokenService tokens, string? dry_run)
    {
        if (dry_run is not (null or "true" or "false"))
        {
            return Problems.From(JitError.InvalidRequest("dry_run must be true or false"));
        }

        var caller = Callers.From(context);
        var isDryRun = dry_run == "true";
        var auth = await sessions.AuthenticateAsync(Bearer.From(context.Request), isDryRun ? SessionLookup.Fresh : SessionLookup.Cached, caller, context.RequestAborted);
        if (!auth.IsSuccess)
        {
            return Problems.From(auth.Error!);
        }

        var (request, invalid) = await JsonBody.ReadAsync(context, JitJson.Context.TokenRequest);
        if (invalid is not null)
        {
            return invalid;
        }

        if (isDryRun)
        {
            var result = await tokens.DryRunAsync(auth.Value!, request!, caller, context.RequestAborted);
            return TypedResults.Json(result, JitJson.Context.DryRunResult);
        }

        var outcome = await tokens.RequestAsync(auth.Value!, request!, caller, context.RequestAborted);
        if (outcome.Issued is { } issued)
        {
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Json(issued, JitJson.Context.TokenIssued, statusCode: StatusCodes.Status201Created);
        }

        if (outcome.Escalated is { } escalated)
        {
            context.Response.Headers.Location = "/v1/escalations/" + escalated.EscalationId;
            return TypedResults.Json(escalated, JitJson.Context.TokenEscalated, statusCode: StatusCodes.Status202Accepted);
        }

        return Problems.From(outcome.Error!);
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, SessionService sessions, HumanAuthenticator humans, TokenService tokens, string token_id)
    {
        var (session, human, refusal) = await EitherCaller.AuthenticateAsync(context, sessions, humans);
        if (refusal is not null)
        {
            return refusal;
        }

        var revoked = await tokens.RevokeAsync(token_id, session, human, Callers.From(context), context.RequestAborted);
        return revoked.IsSuccess ? TypedResults.NoContent() : Problems.From(revoked.Error!);
    }
}
