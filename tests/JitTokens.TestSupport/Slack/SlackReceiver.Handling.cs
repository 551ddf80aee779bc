using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace JitTokens.TestSupport.Slack;

/// <summary>How the receiver answers a POST: like hooks.slack.com, unless told to fail.</summary>
public sealed partial class SlackReceiver
{
    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var path = request.Path.Value ?? "";
        var json = ParseMessage(body, request.ContentType);
        SlackPost post;
        (int Status, string ContentType, string Body) answer;
        lock (_gate)
        {
            var kind = path == _webhookPath ? SlackPostKind.Webhook : _responsePaths.Contains(path) ? SlackPostKind.Response : SlackPostKind.Unknown;
            answer = Answer(kind, json);
            post = new SlackPost(path, kind, body, json, request.ContentType, answer.Status, _time.GetUtcNow());
            _posts.Add(post);
            foreach (var (predicate, done) in _waiters)
            {
                if (Matches(predicate, post))
                {
                    done.TrySetResult(post);
                }
            }
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        if (answer.Status == StatusCodes.Status429TooManyRequests)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }

    /// <summary>What Slack answers (https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks#handling_errors). Called under the lock.</summary>
    private (int Status, string ContentType, string Body) Answer(SlackPostKind kind, JsonNode? json)
    {
        const string Text = "text/plain; charset=utf-8", Json = "application/json; charset=utf-8";
        if (_failWith is { } failure && _failuresLeft is null or > 0)
        {
            _failuresLeft--;
            return ((int)failure, Text, failure == HttpStatusCode.TooManyRequests ? "rate_limited" : "service_unavailable");
        }

        var error = kind == SlackPostKind.Unknown ? "no_service"
            : json is not JsonObject message ? "invalid_payload"
            : message["text"] is null && message["blocks"] is null ? "no_text"
            : null;
        return (error, kind) switch
        {
            ("no_service", _) => (StatusCodes.Status404NotFound, Text, "no_service"),
            ({ } refused, SlackPostKind.Webhook) => (StatusCodes.Status400BadRequest, Text, refused),
            ({ } refused, _) => (StatusCodes.Status400BadRequest, Json, $$"""{"ok":false,"error":"{{refused}}"}"""),
            (null, SlackPostKind.Webhook) => (StatusCodes.Status200OK, Text, "ok"),
            _ => (StatusCodes.Status200OK, Json, """{"ok":true}"""),
        };
    }

    /// <summary>Slack takes a JSON body, or a form with the JSON in <c>payload</c>.</summary>
    private static JsonNode? ParseMessage(string body, string? contentType)
    {
        if (contentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            body = QueryHelpers.ParseQuery(body).TryGetValue("payload", out var payload) ? payload.ToString() : "";
        }

        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
