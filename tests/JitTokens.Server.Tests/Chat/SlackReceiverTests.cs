using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using JitTokens.Server.Chat;
using JitTokens.TestSupport.Slack;

namespace JitTokens.Server.Tests.Chat;

/// <summary>The Slack stand-in itself: integration tests rely on it behaving like Slack.</summary>
public sealed class SlackReceiverTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly HttpClient _http = new();
    private SlackReceiver _slack = null!;

    public async ValueTask InitializeAsync() => _slack = await SlackReceiver.StartNewAsync();

    public async ValueTask DisposeAsync()
    {
        await _slack.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task Webhook_AcceptsAMessage_AndRecordsIt()
    {
        var waiting = _slack.WaitForAsync(p => p.Text == "hello", Timeout);

        using var response = await _http.PostAsync(new Uri(_slack.WebhookUrl), Json("""{"text":"hello","blocks":[]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        var post = await waiting;
        Assert.Equal(SlackPostKind.Webhook, post.Kind);
        Assert.Equal("hello", post.Json?["text"]?.GetValue<string>());
        Assert.StartsWith("/services/T0JIT/B0JIT/", post.Path, StringComparison.Ordinal);
        Assert.Single(_slack.Posts);
    }

    [Fact]
    public async Task ResponseUrl_AcceptsAReply_AndRecordsItsKind()
    {
        var responseUrl = _slack.NewResponseUrl();

        using var response = await _http.PostAsync(new Uri(responseUrl), Json("""{"replace_original":true,"text":"Approved by dana"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonObject>())!["ok"]!.GetValue<bool>());
        var post = await _slack.WaitForAsync(p => p.Kind == SlackPostKind.Response, Timeout);
        Assert.True(post.ReplacesOriginal);
        Assert.Equal(new Uri(responseUrl).AbsolutePath, post.Path);
        Assert.StartsWith($"http://127.0.0.1:{_slack.Port}/actions/T0JIT/", responseUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownHookAndBadPayloads_AreRefusedLikeSlack()
    {
        using var unknown = await _http.PostAsync(new Uri(_slack.WebhookUrl + "x"), Json("""{"text":"hi"}"""));
        using var notJson = await _http.PostAsync(new Uri(_slack.WebhookUrl), Json("not json"));
        using var empty = await _http.PostAsync(new Uri(_slack.WebhookUrl), Json("{}"));

        Assert.Equal((HttpStatusCode.NotFound, "no_service"), (unknown.StatusCode, await unknown.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_payload"), (notJson.StatusCode, await notJson.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.BadRequest, "no_text"), (empty.StatusCode, await empty.Content.ReadAsStringAsync()));
        Assert.All(_slack.Posts, p => Assert.False(p.Accepted));
    }

    [Fact]
    public async Task StopAndStart_ComesBackOnTheSamePort()
    {
        var webhook = new Uri(_slack.WebhookUrl);
        using (var before = await _http.PostAsync(webhook, Json("""{"text":"one"}""")))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await _slack.StopAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => _http.PostAsync(webhook, Json("""{"text":"lost"}""")));
        await _slack.StartAsync();
        using var after = await _http.PostAsync(webhook, Json("""{"text":"two"}"""));

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(webhook.Port, _slack.Port);
        Assert.Equal(["one", "two"], _slack.Posts.Select(p => p.Text));
    }

    [Fact]
    public async Task FailWith_AnswersTheErrorForAWhile_AndWaitForSeesOnlyAcceptedPosts()
    {
        _slack.FailWith(HttpStatusCode.ServiceUnavailable, times: 2);
        var accepted = _slack.WaitForAsync(p => p.Text == "retry", Timeout);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await _http.PostAsync(new Uri(_slack.WebhookUrl), Json("""{"text":"retry"}"""));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
        Assert.Same(_slack.Posts[2], await accepted);
        Assert.Equal([503, 503, 200], _slack.Posts.Select(p => p.StatusCode));
    }

    [Fact]
    public async Task WaitFor_NothingMatching_TimesOutListingWhatArrived()
    {
        using (await _http.PostAsync(new Uri(_slack.WebhookUrl), Json("""{"text":"something else"}""")))
        {
        }

        var e = await Assert.ThrowsAsync<TimeoutException>(() => _slack.WaitForAsync(p => p.Text == "never", TimeSpan.FromMilliseconds(100)));

        Assert.Contains("something else", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildClick_IsASignedBlockActionsForm_TheServerUnderstands()
    {
        var responseUrl = _slack.NewResponseUrl();
        var now = DateTimeOffset.FromUnixTimeSeconds(1_795_338_000);

        var body = SlackReceiver.BuildClick("U0DBA01", SlackActions.Approve, ChatRecords.Id, responseUrl, at: now);

        Assert.StartsWith("payload=%7B%22type%22%3A%22block_actions%22", body, StringComparison.Ordinal);
        var interaction = SlackInteraction.Parse(body);
        Assert.Equal(new SlackInteraction("block_actions", "U0DBA01", SlackActions.Approve, ChatRecords.Id, responseUrl), interaction);
        var signature = SlackReceiver.Sign("s3cret", now, body);
        Assert.Equal(SlackSignatureCheck.Valid, SlackSignature.Verify("s3cret", "1795338000", signature, Encoding.UTF8.GetBytes(body), now));
    }

    [Fact]
    public void CreateInteraction_CarriesSlacksHeaders()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_795_338_000);

        using var request = SlackReceiver.CreateInteraction("s3cret", "payload=x", now);

        Assert.Equal("/v1/chat/interactions", request.RequestUri!.OriginalString);
        Assert.Equal("application/x-www-form-urlencoded", request.Content!.Headers.ContentType!.ToString());
        Assert.Equal("1795338000", request.Headers.GetValues("X-Slack-Request-Timestamp").Single());
        Assert.Equal(SlackReceiver.Sign("s3cret", now, "payload=x"), request.Headers.GetValues("X-Slack-Signature").Single());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
