using System.Globalization;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Audit;
using JitTokens.Core.Errors;
using JitTokens.Core.Sessions;
using JitTokens.Server.Http;
using JitTokens.Server.Humans;

namespace JitTokens.Server.Endpoints;

/// <summary>DESIGN.md §3.1: start, show, list and end sessions.</summary>
internal static class SessionEndpoints
{
    public static void MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/v1/sessions");
        sessions.MapPost("", StartAsync);
        sessions.MapGet("current", CurrentAsync);
        sessions.MapGet("", ListAsync);
        sessions.MapDelete("current", EndCurrentAsync);
        sessions.MapPost("current/heartbeat", HeartbeatAsync);
        sessions.MapDelete("{id}", EndByIdAsync);
    }

    private static async Task<IResult> StartAsync(HttpContext context, HumanAuthenticator humans, SessionService sessions)
    {
        var human = await humans.AuthenticateAsync(context);
        if (!human.IsSuccess)
        {
            return Problems.From(human.Error!);
        }

        var (request, invalid) = await JsonBody.ReadAsync(context, JitJson.Context.StartSessionRequest);
        if (invalid is not null)
        {
            return invalid;
        }

        var started = await sessions.StartAsync(human.Value!, request!, Callers.From(context), context.RequestAborted);
        if (!started.IsSuccess)
        {
            return Problems.From(started.Error!);
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(started.Value, JitJson.Context.SessionStarted, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> CurrentAsync(HttpContext context, SessionService sessions, TimeProvider time)
    {
        var auth = await sessions.AuthenticateAsync(Bearer.From(context.Request), SessionLookup.Fresh, Callers.From(context), context.RequestAborted);
        return auth.IsSuccess
            ? TypedResults.Json(auth.Value!.Session.ToView(time.GetUtcNow()), JitJson.Context.SessionView)
            : Problems.From(auth.Error!);
    }

    private static async Task<IResult> ListAsync(HttpContext context, HumanAuthenticator humans, SessionService sessions, TimeProvider time, string? active, string? limit)
    {
        var human = await humans.AuthenticateAsync(context);
        if (!human.IsSuccess)
        {
            return Problems.From(human.Error!);
        }

        if (active is not (null or "true" or "false"))
        {
            return Problems.From(JitError.InvalidRequest("active must be true or false"));
        }

        var max = SessionService.MaxListLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 1 or > SessionService.MaxListLimit))
        {
            return Problems.From(JitError.InvalidRequest($"limit must be a whole number from 1 to {SessionService.MaxListLimit}"));
        }

        var list = await sessions.ListAsync(human.Value!, active == "true", max, context.RequestAborted);
        var now = time.GetUtcNow();
        return TypedResults.Json(new SessionList { Sessions = [.. list.Select(s => s.ToView(now))] }, JitJson.Context.SessionList);
    }

    /// <summary>The session's wrapper is alive: the session ends unless another heartbeat comes within <c>within_seconds</c>.</summary>
    private static async Task<IResult> HeartbeatAsync(HttpContext context, SessionService sessions)
    {
        var auth = await sessions.AuthenticateAsync(Bearer.From(context.Request), SessionLookup.Fresh, Callers.From(context), context.RequestAborted);
        if (!auth.IsSuccess)
        {
            return Problems.From(auth.Error!);
        }

        var (request, invalid) = await JsonBody.ReadAsync(context, JitJson.Context.HeartbeatRequest);
        if (invalid is not null)
        {
            return invalid;
        }

        var accepted = await sessions.HeartbeatAsync(auth.Value!.Session, request!.WithinSeconds, context.RequestAborted);
        return accepted.IsSuccess ? TypedResults.Json(accepted.Value, JitJson.Context.HeartbeatAccepted) : Problems.From(accepted.Error!);
    }

    private static async Task<IResult> EndCurrentAsync(HttpContext context, SessionService sessions)
    {
        var caller = Callers.From(context);
        var auth = await sessions.AuthenticateAsync(Bearer.From(context.Request), SessionLookup.IncludeEnded, caller, context.RequestAborted);
        if (!auth.IsSuccess)
        {
            return Problems.From(auth.Error!);
        }

        var session = auth.Value!.Session;
        var ended = await sessions.EndAsync(session.Id, AuditEvents.AgentActor(session.Agent), caller, context.RequestAborted);
        return ended.IsSuccess ? TypedResults.NoContent() : Problems.From(ended.Error!);
    }

    private static async Task<IResult> EndByIdAsync(HttpContext context, HumanAuthenticator humans, SessionService sessions, string id)
    {
        var human = await humans.AuthenticateAsync(context, exemptFromRateLimit: true);
        if (!human.IsSuccess)
        {
            return Problems.From(human.Error!);
        }

        var ended = await sessions.EndAsync(human.Value!, id, Callers.From(context), context.RequestAborted);
        return ended.IsSuccess ? TypedResults.NoContent() : Problems.From(ended.Error!);
    }
}
