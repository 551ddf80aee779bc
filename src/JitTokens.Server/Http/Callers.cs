using System.Diagnostics;
using JitTokens.Core;
using Microsoft.Net.Http.Headers;

namespace JitTokens.Server.Http;

/// <summary>Who is calling, for the issuance log.</summary>
internal static class Callers
{
    /// <summary>
    /// The caller's address and trace: the trace of the request's span when one is recorded (a tracer listens), else
    /// the trace the caller named in a valid W3C <c>traceparent</c> header, else none. When nothing listens, ASP.NET
    /// Core makes no request span (hosting diagnostics are off by default), so without the header the log would lose
    /// the caller's trace whenever OpenTelemetry is not configured.
    /// </summary>
    public static CallerContext From(HttpContext context)
    {
        var ip = context.Connection.RemoteIpAddress;
        if (ip is { IsIPv4MappedToIPv6: true })
        {
            ip = ip.MapToIPv4();
        }

        return new CallerContext(ip?.ToString(), TraceId(context));
    }

    private static string? TraceId(HttpContext context)
    {
        if (Activity.Current is { } span)
        {
            return span.TraceId.ToHexString();
        }

        var header = context.Request.Headers[HeaderNames.TraceParent];
        return header.Count == 1 && ActivityContext.TryParse(header[0], null, out var caller) ? caller.TraceId.ToHexString() : null;
    }
}
