using System.Collections.Frozen;
using System.Net;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Core;
using JitTokens.Core.Errors;
using JitTokens.Core.Humans;
using JitTokens.Server.Hosting;
using JitTokens.Server.Http;
using JitTokens.Server.Humans;

namespace JitTokens.Server.Endpoints;

/// <summary><c>POST /dev/login</c> (DESIGN.md §4): dev mode only, loopback callers only. Not mapped outside dev mode.</summary>
internal static class DevEndpoints
{
    private static readonly string[] DefaultRoles = [JitRoles.Requester, JitRoles.Approver];

    public static void MapDevEndpoints(this IEndpointRouteBuilder app)
        => app.MapPost("/dev/login", LoginAsync);

    private static async Task<IResult> LoginAsync(HttpContext context, DevHumanTokens tokens, ServerMode mode)
    {
        if (!mode.IsDev || context.Connection.RemoteIpAddress is not { } ip || !IPAddress.IsLoopback(ip))
        {
            return Problems.From(new JitError(ErrorCodes.AccessDenied, StatusCodes.Status403Forbidden, "/dev/login answers only loopback callers of a --dev server"));
        }

        var (request, invalid) = await JsonBody.ReadAsync(context, JitJson.Context.DevLoginRequest);
        if (invalid is not null)
        {
            return invalid;
        }

        if (!TextRules.IsUserName(request!.User))
        {
            return Problems.From(JitError.InvalidRequest($"user is required: 1–{TextRules.UserMax} characters without spaces or colons, not 'anonymous'"));
        }

        var roles = request.Roles ?? DefaultRoles;
        foreach (var role in roles)
        {
            if (role is null || !JitRoles.All.Contains(role))
            {
                return Problems.From(JitError.InvalidRequest($"unknown role {TextRules.Quote(role)}; roles are {string.Join(", ", JitRoles.All)}"));
            }
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(new DevLoginResponse { Token = tokens.Issue(new Human(request.User!, roles.ToFrozenSet(StringComparer.Ordinal))) }, JitJson.Context.DevLoginResponse);
    }
}
