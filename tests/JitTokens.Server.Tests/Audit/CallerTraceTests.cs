using System.Diagnostics;
using System.Net;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Server.Http;
using JitTokens.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace JitTokens.Server.Tests.Audit;

/// <summary>
/// The issuance log's <c>trace_id</c>: the request span's trace when a tracer records one, else the caller's W3C
/// <c>traceparent</c>, since ASP.NET Core makes no request span when nothing listens (hosting diagnostics are off).
/// </summary>
public sealed class CallerTraceTests : ServerTestBase
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    [Fact]
    public async Task TokenIssued_CarriesTheTraceTheCallerNamed()
    {
        var (_, session) = await Api.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens")
        {
            Content = new StringContent(Api.TokenBody("db:read", "staging"), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", session.SessionToken);
        request.Headers.Add("traceparent", $"00-{TraceId}-00f067aa0ba902b7-01");

        using var response = await Api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var issued = Factory.AuditLines().Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditEvent)!).Single(e => e.Type == AuditEventTypes.TokenIssued);
        Assert.Equal(TraceId, issued.TraceId);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("00-" + TraceId + "-00f067aa0ba902b7-01", TraceId)]
    [InlineData("not a traceparent", null)]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01", null)]
    [InlineData("00-" + TraceId + "-00f067aa0ba902b7", null)]
    public void WithoutASpan_TheTraceComesFromAValidTraceparentOnly(string? traceparent, string? expected)
    {
        Activity.Current = null;
        var context = new DefaultHttpContext();
        if (traceparent is not null)
        {
            context.Request.Headers["traceparent"] = traceparent;
        }

        Assert.Equal(expected, Callers.From(context).TraceId);
    }

    [Fact]
    public void WithASpan_TheSpansTraceWins()
    {
        using var span = new Activity("test").Start();
        var context = new DefaultHttpContext();
        context.Request.Headers["traceparent"] = $"00-{TraceId}-00f067aa0ba902b7-01";

        Assert.Equal(span.TraceId.ToHexString(), Callers.From(context).TraceId);
    }
}
