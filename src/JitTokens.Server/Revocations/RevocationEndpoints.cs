using System.Globalization;
using System.Text;
using System.Text.Json;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Errors;
using JitTokens.Core.Revocations;
using JitTokens.Core.Sessions;
using JitTokens.Core.Storage;
using JitTokens.Core.Tokens;
using JitTokens.Server.Http;
using JitTokens.Server.Humans;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Revocations;

/// <summary>
/// DESIGN.md §3.5: <c>POST /oauth/revoke</c> (RFC 7009), <c>POST /oauth/introspect</c> (RFC 7662), and the revocation
/// feed for resource servers, <c>GET /v1/revocations</c> and its Server-Sent Events stream.
/// </summary>
internal static class RevocationEndpoints
{
    public const int MaxLimit = 1000;

    private const int DefaultLimit = 100;

    public static void MapRevocationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/oauth/revoke", RevokeAsync);
        app.MapPost("/oauth/introspect", IntrospectAsync);
        app.MapGet("/v1/revocations", ListAsync);
        app.MapGet("/v1/revocations/stream", StreamAsync);
    }

    /// <summary>
    /// RFC 7009: 200 for a token revoked, already revoked, expired, unknown or not ours (and for a session token, which
    /// is not revoked here: end the session instead), 403 <c>access_denied</c> for a token of another session or owner.
    /// </summary>
    private static async Task<IResult> RevokeAsync(HttpContext context, SessionService sessions, HumanAuthenticator humans, TokenService tokens, AccessTokenReader reader)
    {
        var (form, refusal) = await FormBody.ReadAsync(context, "token", "token_type_hint");
        if (refusal is not null)
        {
            return refusal;
        }

        if (!form!.TryGetValue("token", out var token) || token.Length == 0)
        {
            return OAuthErrors.Answer(StatusCodes.Status400BadRequest, OAuthErrors.InvalidRequest, "token is required");
        }

        SessionRecord? session = null;
        Core.Humans.Human? human = null;
        if (Bearer.IsSessionToken(context.Request))
        {
            var auth = await sessions.AuthenticateAsync(Bearer.From(context.Request), SessionLookup.Fresh, Callers.From(context), context.RequestAborted);
            if (!auth.IsSuccess)
            {
                return OAuthErrors.From(auth.Error!);
            }

            session = auth.Value!.Session;
        }
        else
        {
            var authenticated = await humans.AuthenticateAsync(context);
            if (!authenticated.IsSuccess)
            {
                return OAuthErrors.From(authenticated.Error!);
            }

            human = authenticated.Value;
        }

        if (reader.Read(token) is not { } claims)
        {
            return TypedResults.Ok();
        }

        var revoked = await tokens.RevokeAccessTokenAsync(claims, session, human, Callers.From(context), context.RequestAborted);
        return revoked.IsSuccess
            ? TypedResults.Ok()
            : OAuthErrors.From(revoked.Error!);
    }

    /// <summary>
    /// RFC 7662, for a resource server (HTTP Basic, <c>JitTokens:ResourceServers</c>) or a human auditor or admin.
    /// Wrong Basic credentials are 401 <c>invalid_client</c>; a human without those roles 403.
    /// </summary>
    private static async Task<IResult> IntrospectAsync(HttpContext context, ResourceServerAuthenticator resourceServers, HumanAuthenticator humans, IntrospectionService introspection)
    {
        string actor;
        IReadOnlySet<string>? environments = null;
        var isResourceServer = ResourceServerAuthenticator.HasBasic(context.Request);
        if (isResourceServer)
        {
            if (resourceServers.Authenticate(context.Request) is not { } client)
            {
                return OAuthErrors.Answer(StatusCodes.Status401Unauthorized, OAuthErrors.InvalidClient, "unknown resource server or wrong secret", "Basic realm=\"jittokens\"");
            }

            actor = "rs:" + client.ClientId;
            environments = client.Environments;
        }
        else
        {
            var human = await humans.AuthenticateAsync(context);
            if (!human.IsSuccess)
            {
                return OAuthErrors.From(human.Error!);
            }

            if (!human.Value!.CanReadAudit)
            {
                return OAuthErrors.From(JitError.AccessDenied("introspection is for resource servers and humans with jit.auditor or jit.admin"));
            }

            actor = human.Value.Name;
        }

        var (form, refusal) = await FormBody.ReadAsync(context, "token", "token_type_hint", "consume");
        if (refusal is not null)
        {
            return refusal;
        }

        if (!form!.TryGetValue("token", out var token) || token.Length == 0)
        {
            return OAuthErrors.Answer(StatusCodes.Status400BadRequest, OAuthErrors.InvalidRequest, "token is required");
        }

        var consume = form.GetValueOrDefault("consume") switch
        {
            null or "false" => false,
            "true" => true,
            _ => (bool?)null,
        };
        if (consume is null)
        {
            return OAuthErrors.Answer(StatusCodes.Status400BadRequest, OAuthErrors.InvalidRequest, "consume must be true or false");
        }

        if (consume.Value && !isResourceServer)
        {
            return OAuthErrors.From(JitError.AccessDenied("only a resource server consumes tokens (consume=true); humans may introspect without it"));
        }

        var answer = await introspection.IntrospectAsync(token, consume.Value, environments, actor, Callers.From(context), context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(answer, JitJson.Context.IntrospectionResponse);
    }

    /// <summary><c>GET /v1/revocations?after=&amp;limit=</c>: readable without credentials, it holds only ids.</summary>
    private static async Task<IResult> ListAsync(HttpContext context, IJitStore store)
    {
        if (Query(context, out var after, out var limit) is { } invalid)
        {
            return invalid;
        }

        var read = await store.ReadRevocationsAsync(after, limit, context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(new RevocationPage { Items = read.Items, Next = read.Next.ToString() }, JitJson.Context.RevocationPage);
    }

    /// <summary>
    /// <c>GET /v1/revocations/stream</c>: <c>retry: 1000</c>, then every entry after <c>Last-Event-ID</c> (or <c>after</c>),
    /// then live ones, each <c>id: &lt;cursor&gt;</c> / <c>event: revocation</c> / <c>data: &lt;item&gt;</c>, and
    /// <c>: keepalive</c> on a quiet stream every <see cref="RevocationFeedOptions.KeepAliveInterval"/>.
    /// </summary>
    private static async Task StreamAsync(HttpContext context, IJitStore store, RevocationFeed feed, IOptions<RevocationFeedOptions> options)
    {
        var lastEventId = context.Request.Headers["Last-Event-ID"];
        if (Query(context, out var after, out _) is { } invalid)
        {
            await invalid.ExecuteAsync(context);
            return;
        }

        if (lastEventId.Count > 0)
        {
            if (lastEventId.Count > 1 || !RevocationCursor.TryParse(lastEventId[0], out after))
            {
                await Problems.From(JitError.InvalidRequest("Last-Event-ID must be a cursor of this feed")).ExecuteAsync(context);
                return;
            }
        }

        var channel = feed.Subscribe();
        if (channel is null)
        {
            context.Response.Headers.RetryAfter = "5";
            await Problems.Unavailable("too many revocation streams are open on this instance; retry, or poll /v1/revocations").ExecuteAsync(context);
            return;
        }

        try
        {
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-store";
            response.Headers["X-Accel-Buffering"] = "no";
            var aborted = context.RequestAborted;
            await response.WriteAsync("retry: 1000\n\n", aborted);

            var last = after;
            while (true)
            {
                var read = await store.ReadRevocationsAsync(last, 500, aborted);
                foreach (var item in read.Items)
                {
                    last = await WriteAsync(response, item, last, aborted);
                }

                if (read.Next <= last)
                {
                    break;
                }

                last = read.Next; // past expired entries too
            }

            await response.Body.FlushAsync(aborted);
            var keepAlive = options.Value.KeepAliveInterval;
            while (!aborted.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                wait.CancelAfter(keepAlive);
                bool more;
                try
                {
                    more = await channel.Reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    if (!feed.IsCurrent)
                    {
                        // This instance cannot read the feed: a keepalive now would tell the client it is up to date.
                        // Close instead; the client reconnects (perhaps to another instance) and goes stale meanwhile.
                        return;
                    }

                    await response.WriteAsync(": keepalive\n\n", aborted);
                    await response.Body.FlushAsync(aborted);
                    continue;
                }

                if (!more)
                {
                    return; // this stream fell behind, or the server is stopping: the client resumes from its cursor
                }

                while (channel.Reader.TryRead(out var item))
                {
                    last = await WriteAsync(response, item, last, aborted);
                }

                await response.Body.FlushAsync(aborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or StoreUnavailableException or System.Threading.Channels.ChannelClosedException)
        {
            // The client left, or the store failed mid-stream: the client reconnects with its last cursor.
        }
        finally
        {
            feed.Unsubscribe(channel);
        }
    }

    private static async Task<RevocationCursor> WriteAsync(HttpResponse response, RevocationItem item, RevocationCursor last, CancellationToken cancellationToken)
    {
        if (!RevocationCursor.TryParse(item.Cursor, out var cursor) || cursor <= last)
        {
            return last;
        }

        var text = new StringBuilder(256)
            .Append("id: ").Append(item.Cursor).Append('\n')
            .Append("event: revocation\n")
            .Append("data: ").Append(JsonSerializer.Serialize(item, JitJson.Context.RevocationItem)).Append("\n\n")
            .ToString();
        await response.WriteAsync(text, cancellationToken);
        return cursor;
    }

    private static IResult? Query(HttpContext context, out RevocationCursor after, out int limit)
    {
        after = RevocationCursor.Start;
        limit = DefaultLimit;
        foreach (var (name, values) in context.Request.Query)
        {
            if (name is not ("after" or "limit"))
            {
                return Problems.From(JitError.InvalidRequest($"unknown parameter {Core.TextRules.Quote(name)}"));
            }

            if (values.Count != 1)
            {
                return Problems.From(JitError.InvalidRequest($"parameter {name} is given more than once"));
            }
        }

        if (context.Request.Query.TryGetValue("after", out var a) && a[0] is { Length: > 0 } text && !RevocationCursor.TryParse(text, out after))
        {
            return Problems.From(JitError.InvalidRequest("after must be a cursor of this feed (the next or cursor of an earlier answer)"));
        }

        if (context.Request.Query.TryGetValue("limit", out var l)
            && (!int.TryParse(l[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return Problems.From(JitError.InvalidRequest($"limit must be 1 to {MaxLimit}"));
        }

        return null;
    }
}
