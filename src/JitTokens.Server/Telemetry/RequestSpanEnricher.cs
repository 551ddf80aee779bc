using System.Diagnostics;

namespace JitTokens.Server.Telemetry;

/// <summary>
/// Fills ASP.NET Core's request span with the OpenTelemetry HTTP server attributes
/// (https://opentelemetry.io/docs/specs/semconv/http/http-spans/#http-server) that the instrumentation
/// package would add: method, route template (never the raw path with its ids), status code, and a
/// <c>{method} {route}</c> name; 5xx marks the span failed. Nothing from headers, query or body: no
/// credential can reach a span from here. Costs nothing when the span is not recorded.
/// </summary>
internal sealed class RequestSpanEnricher(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var span = Activity.Current;
        return span is { IsAllDataRequested: true } && span.Source.Name == OpenTelemetryExport.AspNetCoreSource
            ? EnrichAsync(context, span)
            : next(context);
    }

    private async Task EnrichAsync(HttpContext context, Activity span)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var method = context.Request.Method;
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
            var status = context.Response.StatusCode;
            span.SetTag("http.request.method", method);
            span.SetTag("url.scheme", context.Request.Scheme);
            span.SetTag("http.response.status_code", status);
            if (route is not null)
            {
                route = "/" + route.TrimStart('/');
                span.SetTag("http.route", route);
                span.DisplayName = method + " " + route;
            }
            else
            {
                span.DisplayName = method;
            }

            if (status >= 500)
            {
                span.SetStatus(ActivityStatusCode.Error);
                span.SetTag("error.type", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
