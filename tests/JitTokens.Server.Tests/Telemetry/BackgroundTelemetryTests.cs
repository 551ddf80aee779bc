using System.Diagnostics;
using System.Diagnostics.Metrics;
using JitTokens.Core.Telemetry;
using JitTokens.Server.Tests.Escalations;
using JitTokens.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JitTokens.Server.Tests.Telemetry;

/// <summary>The steps that run off the request path: chat delivery (and its failures) and the revocation feed.</summary>
public sealed class BackgroundTelemetryTests
{
    [Fact]
    public async Task ChatDeliveryFailure_IsCountedAndItsSpanFailed_WithoutTheWebhookUrl()
    {
        using var spans = new SpanRecorder();
        // Nothing listens here: every delivery fails to connect.
        var webhook = $"http://127.0.0.1:{FreePort.Next()}/services/T000/B000/secret-path-{Guid.NewGuid():N}";
        using var factory = new JitServerFactory(new Dictionary<string, string?>
        {
            ["JitTokens:Chat:WebhookUrl"] = webhook,
            ["JitTokens:Chat:SigningSecret"] = "8f742231b10e8888abcd99yyyzzz85a5",
            ["JitTokens:Chat:PollInterval"] = "00:00:00.05",
        });
        using var metrics = new MetricRecorder(factory.Services.GetRequiredService<IMeterFactory>());
        using var http = factory.CreateClient();
        var api = new Api(http);
        var (_, session) = await api.StartAsync();
        var escalation = await api.EscalateAsync(session.SessionToken);

        var failures = await TelemetryTests.WaitForAsync(() => metrics.Of(JitMetrics.Names.ChatDeliveryFailures), f => f.Count > 0);
        var failure = failures[0];
        Assert.Equal("request", failure.Tags[JitTelemetry.Tags.Kind]);
        Assert.Equal("ConnectionError", failure.Tags[JitTelemetry.Tags.Reason]);

        var deliveries = await TelemetryTests.WaitForAsync(
            () => spans.Named(JitTelemetry.Spans.ChatDeliver).Where(s => Equals(s.GetTagItem(JitTelemetry.Tags.EscalationId), escalation.EscalationId)).ToList(),
            d => d.Count > 0);
        var delivery = deliveries[0];
        Assert.Equal(ActivityStatusCode.Error, delivery.Status);
        Assert.Equal("ConnectionError", delivery.GetTagItem(JitTelemetry.Tags.Error));
        foreach (var tag in delivery.TagObjects)
        {
            Assert.DoesNotContain("secret-path", Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RevocationFeed_PublishesInASpan_OnlyWhenItFindsSomething()
    {
        using var spans = new SpanRecorder();
        using var factory = new JitServerFactory();
        using var http = factory.CreateClient();
        var api = new Api(http);
        var (_, session) = await api.StartAsync();
        var token = await api.IssueAsync(session.SessionToken);
        var before = spans.Named(JitTelemetry.Spans.RevocationFeedPublish).Count;
        using (var revoke = await api.SendAsync(HttpMethod.Delete, "/v1/tokens/" + token.TokenId, session.SessionToken))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, revoke.StatusCode);
        }

        // Each server's feed polls the store it owns; this one's span counts the one revocation it found.
        var published = await TelemetryTests.WaitForAsync(
            () => spans.Named(JitTelemetry.Spans.RevocationFeedPublish).Skip(before).Where(s => Equals(s.GetTagItem(JitTelemetry.Tags.Count), 1)).ToList(),
            p => p.Count > 0);
        Assert.NotEmpty(published);
        Assert.True(published[0].Duration >= TimeSpan.Zero);
    }
}
