using System.Buffers;
using System.Text;
using System.Text.Json;
using JitTokens.Validation.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace JitTokens.Validation.Authentication;

/// <summary>
/// Answers a refused request: the status, <c>WWW-Authenticate: Bearer</c> with the RFC 6750 §3
/// attributes, and an RFC 9457 problem body with the same <c>error</c>; counts it and logs it.
/// </summary>
internal sealed class RejectionResponder(ValidationTelemetry telemetry, ILogger<RejectionResponder> logger)
{
    public async Task WriteAsync(HttpContext context, JitRejection rejection)
    {
        telemetry.Rejected(rejection.Reason);
        Log.RequestRejected(logger, rejection.Reason, rejection.Status, context.Request.Method, context.Request.Path.Value ?? "/");
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = rejection.Status;
        if (rejection.Status == StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = "1";
        }
        else
        {
            response.Headers.Append(HeaderNames.WWWAuthenticate, Challenge(rejection));
        }

        response.Headers.CacheControl = "no-store";
        response.ContentType = "application/problem+json";
        await response.Body.WriteAsync(Problem(rejection), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>RFC 6750 §3: no error attributes when the request carried no token at all.</summary>
    internal static string Challenge(JitRejection rejection)
    {
        if (rejection.Error is null)
        {
            return "Bearer";
        }

        var challenge = new StringBuilder("Bearer error=\"").Append(rejection.Error).Append('"');
        challenge.Append(", error_description=\"").Append(Quotable(rejection.Description)).Append('"');
        if (rejection.Scope is not null)
        {
            challenge.Append(", scope=\"").Append(Quotable(rejection.Scope)).Append('"');
        }

        return challenge.ToString();
    }

    /// <summary>RFC 6750 §3: <c>error_description</c> and <c>scope</c> are printable ASCII without <c>"</c> and <c>\</c>.</summary>
    internal static string Quotable(string text)
        => string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '?';
            }
        });

    private static ReadOnlyMemory<byte> Problem(JitRejection rejection)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "about:blank");
            json.WriteString("title", Title(rejection.Status));
            json.WriteNumber("status", rejection.Status);
            json.WriteString("detail", rejection.Description);
            if ((rejection.Error ?? (rejection.Status == StatusCodes.Status503ServiceUnavailable ? "unavailable" : null)) is { } error)
            {
                json.WriteString("error", error);
            }

            if (rejection.Scope is not null)
            {
                json.WriteString("scope", rejection.Scope);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private static string Title(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "Unauthorized",
        StatusCodes.Status403Forbidden => "Forbidden",
        _ => "Service Unavailable",
    };
}
