using System.Net;
using System.Text;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Server.Tests.Escalations;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Slack;

namespace JitTokens.Server.Tests.Chat;

/// <summary>DESIGN.md §3.4: nothing is parsed before Slack's v0 signature checks out; refusals are 401 and audited.</summary>
public sealed class ChatSignatureTests() : ChatTestBase(null)
{
    public static TheoryData<string> Forgeries => ["forged signature", "wrong secret", "stale timestamp", "future timestamp", "tampered body", "no signature", "no timestamp", "v1 scheme"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Interaction_BadSignature_Is401AuditedAndChangesNothing(string forgery)
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var now = Factory.Time.GetUtcNow();
        var body = SlackReceiver.BuildClick("U0DBA01", "jit_approve", escalated.EscalationId, Slack.NewResponseUrl());
        using var request = forgery switch
        {
            "forged signature" => SlackReceiver.CreateInteraction(SigningSecret, body, now, "v0=" + new string('a', 64)),
            "wrong secret" => SlackReceiver.CreateInteraction("not-the-secret", body, now),
            "stale timestamp" => SlackReceiver.CreateInteraction(SigningSecret, body, now.AddSeconds(-301)),
            "future timestamp" => SlackReceiver.CreateInteraction(SigningSecret, body, now.AddSeconds(301)),
            "tampered body" => Tampered(body, now),
            "no signature" => Without(SlackReceiver.CreateInteraction(SigningSecret, body, now), SlackReceiver.SignatureHeader),
            "no timestamp" => Without(SlackReceiver.CreateInteraction(SigningSecret, body, now), SlackReceiver.TimestampHeader),
            _ => SlackReceiver.CreateInteraction(SigningSecret, body, now, SlackReceiver.Sign(SigningSecret, now, body).Replace("v0=", "v1=", StringComparison.Ordinal)),
        };
        var failuresBefore = AuthFailures();

        using var response = await Api.Http.SendAsync(request, Ct);

        await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.AccessDenied);
        Assert.Equal(failuresBefore + 1, AuthFailures());
        Assert.Equal(EscalationStatuses.Pending, (await Api.GetEscalationAsync(session.SessionToken, escalated.EscalationId)).Status);
    }

    [Fact]
    public async Task Interaction_AtTheEdgeOfTheWindow_IsAccepted()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var body = SlackReceiver.BuildClick("U0DBA01", "jit_approve", escalated.EscalationId, Slack.NewResponseUrl());

        using var response = await SlackReceiver.PostInteractionAsync(Api.Http, SigningSecret, body, Factory.Time.GetUtcNow().AddSeconds(-300), cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(EscalationStatuses.Approved, (await Api.GetEscalationAsync(session.SessionToken, escalated.EscalationId)).Status);
    }

    [Fact]
    public async Task Interaction_SignedGarbage_Is400()
    {
        using var response = await SlackReceiver.PostInteractionAsync(Api.Http, SigningSecret, "payload=%7Bnot-json", Factory.Time.GetUtcNow(), cancellationToken: Ct);

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Interaction_OverTheSizeLimit_Is413()
    {
        var body = "payload=" + new string('a', 70 * 1024);

        using var response = await SlackReceiver.PostInteractionAsync(Api.Http, SigningSecret, body, Factory.Time.GetUtcNow(), cancellationToken: Ct);

        await Api.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
    }

    [Fact]
    public async Task Interaction_ResponseUrlOnAnotherHost_IsNeverCalled()
    {
        var (_, session) = await Api.StartAsync();
        var escalated = await Api.EscalateAsync(session.SessionToken);
        var foreign = Slack.NewResponseUrl().Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var body = SlackReceiver.BuildClick("U0INF01", "jit_approve", escalated.EscalationId, foreign);

        using var response = await SlackReceiver.PostInteractionAsync(Api.Http, SigningSecret, body, Factory.Time.GetUtcNow(), cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Factory.Logs.Lines, l => l.Contains("ChatResponseUrlRefused", StringComparison.Ordinal) || l.Contains("response_url on another host", StringComparison.Ordinal));
        Assert.DoesNotContain(Slack.Posts, p => p.Kind == SlackPostKind.Response);
    }

    private int AuthFailures() => Factory.AuditLines().Count(l => l.Contains("\"auth.failed\"", StringComparison.Ordinal));

    private static HttpRequestMessage Tampered(string body, DateTimeOffset now)
    {
        var request = SlackReceiver.CreateInteraction(SigningSecret, body, now);
        var tampered = body.Replace("jit_approve", "jit_deny", StringComparison.Ordinal);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(tampered));
        content.Headers.ContentType = request.Content!.Headers.ContentType;
        request.Content = content;
        return request;
    }

    private static HttpRequestMessage Without(HttpRequestMessage request, string header)
    {
        request.Headers.Remove(header);
        return request;
    }
}
