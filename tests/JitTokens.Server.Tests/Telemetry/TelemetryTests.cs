using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Core.Telemetry;
using JitTokens.Server.Tests.Escalations;
using JitTokens.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JitTokens.Server.Tests.Telemetry;

/// <summary>
/// Issue 6 item 2: every request is a span (ASP.NET Core's) with the core steps under it on the <c>JitTokens</c>
/// source; the metrics count decisions, issuance, revocations, escalation decision time and audit write latency
/// with bounded tags; and no credential is ever an attribute or a tag.
/// </summary>
public sealed class TelemetryTests : ServerTestBase
{
    [Fact]
    public async Task TokenRequest_IsOneTraceWithEveryStepOfTheHotPath()
    {
        using var spans = new SpanRecorder();
        var (_, session) = await Api.StartAsync();
        var (traceId, traceparent) = SpanRecorder.NewTrace();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens") { Content = Json(Api.TokenBody("db:read", "staging")) };
        request.Headers.Authorization = new("Bearer", session.SessionToken);
        request.Headers.Add("traceparent", traceparent);
        using var response = await Api.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var issued = await Api.ReadAsync(response, JitJsonContext.Default.TokenIssued);

        var trace = await WaitForAsync(() => spans.InTrace(traceId), t => t.Any(a => a.Source.Name == "Microsoft.AspNetCore"));
        var http = Assert.Single(trace, a => a.Source.Name == "Microsoft.AspNetCore");
        Assert.Equal("/v1/tokens", http.GetTagItem("http.route"));
        Assert.Equal(201, http.GetTagItem("http.response.status_code"));
        Assert.Equal("POST", http.GetTagItem("http.request.method"));
        Assert.Equal("POST /v1/tokens", http.DisplayName);

        var tokenRequest = Assert.Single(trace, a => a.OperationName == JitTelemetry.Spans.TokenRequest);
        Assert.Equal(http.SpanId, tokenRequest.ParentSpanId);
        Assert.Equal("db:read", tokenRequest.GetTagItem(JitTelemetry.Tags.Scope));
        Assert.Equal("staging", tokenRequest.GetTagItem(JitTelemetry.Tags.Environment));
        Assert.Equal(JitTelemetry.Decisions.Issued, tokenRequest.GetTagItem(JitTelemetry.Tags.Decision));
        Assert.Equal(issued.TokenId, tokenRequest.GetTagItem(JitTelemetry.Tags.TokenId));
        Assert.Equal(session.SessionId, tokenRequest.GetTagItem(JitTelemetry.Tags.SessionId));

        var authenticate = Assert.Single(trace, a => a.OperationName == JitTelemetry.Spans.Authenticate);
        Assert.Equal(http.SpanId, authenticate.ParentSpanId);
        Assert.Equal(session.SessionId, authenticate.GetTagItem(JitTelemetry.Tags.SessionId));
        foreach (var step in new[] { JitTelemetry.Spans.Decide, JitTelemetry.Spans.StoreToken, JitTelemetry.Spans.Sign, JitTelemetry.Spans.AuditAppend })
        {
            var span = Assert.Single(trace, a => a.OperationName == step);
            Assert.Equal(tokenRequest.SpanId, span.ParentSpanId);
            Assert.Equal(ActivityKind.Internal, span.Kind);
        }

        // The group commit writes batches on its own: each batch is a span of its own trace.
        Assert.NotEmpty(spans.Named(JitTelemetry.Spans.AuditCommit));
        AssertNoSecret(trace, session.SessionToken, issued.AccessToken);
    }

    [Fact]
    public async Task FailedAuthentication_MarksItsSpan_WithoutTheCredential()
    {
        using var spans = new SpanRecorder();
        var (traceId, traceparent) = SpanRecorder.NewTrace();
        const string forged = "jits_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens") { Content = Json(Api.TokenBody("db:read", "staging")) };
        request.Headers.Authorization = new("Bearer", forged);
        request.Headers.Add("traceparent", traceparent);
        using var response = await Api.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        var trace = await WaitForAsync(() => spans.InTrace(traceId), t => t.Any(a => a.Source.Name == "Microsoft.AspNetCore"));
        var authenticate = Assert.Single(trace, a => a.OperationName == JitTelemetry.Spans.Authenticate);
        Assert.Equal(ActivityStatusCode.Error, authenticate.Status);
        Assert.Equal(ErrorCodes.InvalidSession, authenticate.GetTagItem(JitTelemetry.Tags.Error));
        Assert.DoesNotContain(trace, a => a.OperationName == JitTelemetry.Spans.TokenRequest);
        AssertNoSecret(trace, forged);
    }

    [Fact]
    public async Task Metrics_CountEachDecision_IssuanceRevocationsAndDecisionTime_WithBoundedTags()
    {
        using var metrics = new MetricRecorder(Factory.Services.GetRequiredService<IMeterFactory>());
        var (_, session) = await Api.StartAsync();
        var token = await Api.IssueAsync(session.SessionToken, "db:read", "staging");
        using (var unknown = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("made:up-" + Guid.NewGuid().ToString("N"), "nowhere-" + Guid.NewGuid().ToString("N"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        }

        var escalation = await Api.EscalateAsync(session.SessionToken, "db:write", "production");
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        await Api.ApprovedAsync(dana, escalation.EscalationId);
        using (var redeemed = await Api.RedeemAsync(session.SessionToken, escalation.EscalationId))
        {
            Assert.Equal(HttpStatusCode.Created, redeemed.StatusCode);
        }

        using (var revoke = await Api.SendAsync(HttpMethod.Delete, "/v1/tokens/" + token.TokenId, session.SessionToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        await Api.IssueAsync(session.SessionToken, "db:read", "production");
        using (var end = await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        }

        const string requests = JitMetrics.Names.TokenRequests;
        Assert.Equal(1, metrics.Sum(requests, (JitTelemetry.Tags.Scope, "db:read"), (JitTelemetry.Tags.Environment, "staging"), (JitTelemetry.Tags.Decision, "issued")));
        Assert.Equal(1, metrics.Sum(requests, (JitTelemetry.Tags.Scope, "db:read"), (JitTelemetry.Tags.Environment, "production"), (JitTelemetry.Tags.Decision, "issued")));
        Assert.Equal(1, metrics.Sum(requests, (JitTelemetry.Tags.Scope, JitMetrics.Other), (JitTelemetry.Tags.Environment, JitMetrics.Other), (JitTelemetry.Tags.Decision, "denied"), (JitTelemetry.Tags.Error, ErrorCodes.InvalidScope)));
        Assert.Equal(1, metrics.Sum(requests, (JitTelemetry.Tags.Scope, "db:write"), (JitTelemetry.Tags.Environment, "production"), (JitTelemetry.Tags.Decision, "escalated")));
        Assert.Equal(4, metrics.Sum(requests));

        Assert.Equal(2, metrics.Sum(JitMetrics.Names.TokensIssued, (JitTelemetry.Tags.Escalated, false)));
        Assert.Equal(1, metrics.Sum(JitMetrics.Names.TokensIssued, (JitTelemetry.Tags.Scope, "db:write"), (JitTelemetry.Tags.Environment, "production"), (JitTelemetry.Tags.Escalated, true)));

        var decided = Assert.Single(metrics.Of(JitMetrics.Names.EscalationDecisionTime));
        Assert.Equal("approved", decided.Tags[JitTelemetry.Tags.Outcome]);
        Assert.Equal("db:write", decided.Tags[JitTelemetry.Tags.Scope]);
        Assert.InRange(decided.Value, 0, 60);

        Assert.Equal(1, metrics.Sum(JitMetrics.Names.Revocations, (JitTelemetry.Tags.Reason, RevocationReasons.TokenRevoked)));
        // Ending the session revoked what was still live: the production read and the approved write.
        Assert.Equal(2, metrics.Sum(JitMetrics.Names.Revocations, (JitTelemetry.Tags.Reason, RevocationReasons.SessionEnded)));

        // Every event (session start, four requests, approval, redemption, revocation, session end…) waited for its commit.
        Assert.True(metrics.Of(JitMetrics.Names.AuditWriteDuration).Count >= 10);
        Assert.All(metrics.Of(JitMetrics.Names.AuditWriteDuration), m => Assert.InRange(m.Value, 0, 30));

        // Bounded tags only: catalog names or "_other", fixed words; never an id, a name or a credential.
        var catalog = Factory.Services.GetRequiredService<JitTokens.Core.Catalog.ScopeCatalog>();
        foreach (var m in metrics.All)
        {
            foreach (var (key, value) in m.Tags)
            {
                var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
                switch (key)
                {
                    case JitTelemetry.Tags.Scope:
                        Assert.True(text == JitMetrics.Other || catalog.Scopes.ContainsKey(text), text);
                        break;
                    case JitTelemetry.Tags.Environment:
                        Assert.True(text == JitMetrics.Other || catalog.Environments.ContainsKey(text), text);
                        break;
                    default:
                        Assert.DoesNotContain("ses_", text, StringComparison.Ordinal);
                        Assert.DoesNotContain("tok_", text, StringComparison.Ordinal);
                        Assert.DoesNotContain("esc_", text, StringComparison.Ordinal);
                        Assert.DoesNotContain("jits_", text, StringComparison.Ordinal);
                        Assert.DoesNotContain("cursor-42", text, StringComparison.Ordinal);
                        break;
                }
            }
        }
    }

    [Fact]
    public async Task Revocation_IsASpanUnderItsRequest()
    {
        using var spans = new SpanRecorder();
        var (_, session) = await Api.StartAsync();
        var token = await Api.IssueAsync(session.SessionToken);
        var (traceId, traceparent) = SpanRecorder.NewTrace();
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/v1/tokens/" + token.TokenId);
        request.Headers.Authorization = new("Bearer", session.SessionToken);
        request.Headers.Add("traceparent", traceparent);
        using var response = await Api.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var trace = await WaitForAsync(() => spans.InTrace(traceId), t => t.Any(a => a.Source.Name == "Microsoft.AspNetCore"));
        var revoke = Assert.Single(trace, a => a.OperationName == JitTelemetry.Spans.Revoke);
        Assert.Equal(token.TokenId, revoke.GetTagItem(JitTelemetry.Tags.TokenId));
        AssertNoSecret(trace, session.SessionToken, token.AccessToken);
    }

    internal static void AssertNoSecret(IEnumerable<Activity> spans, params string[] secrets)
    {
        foreach (var span in spans)
        {
            var texts = span.TagObjects.Select(t => Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "")
                .Append(span.DisplayName).Append(span.StatusDescription ?? "")
                .Concat(span.Events.Select(e => e.Name));
            foreach (var text in texts)
            {
                Assert.DoesNotContain("jits_", text, StringComparison.Ordinal);
                Assert.DoesNotContain("eyJ", text, StringComparison.Ordinal);
                foreach (var secret in secrets)
                {
                    Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
                }
            }
        }
    }

    /// <summary>Spans end after the response is written: waits (bounded) until <paramref name="done"/> holds.</summary>
    internal static async Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var value = read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
            value = read();
        }

        return value;
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
