using System.Text;
using JitTokens.Server.Chat;
using JitTokens.TestSupport.Slack;

namespace JitTokens.Server.Tests.Limits;

/// <summary>The chat limits that are pure checks: response_url length and the timestamp's digits (bodies over 64 KiB: ChatSignatureTests).</summary>
public sealed class ChatSizeLimitTests
{
    private static readonly ChatOptions Options = new() { WebhookUrl = "https://hooks.slack.com/services/T0/B0/x", SigningSecret = "8f742231b10e8888abcd99edabcdef85" };

    [Theory]
    [InlineData(2048, true)]
    [InlineData(2049, false)]
    public void ResponseUrl_UpTo2048Characters_OnTheWebhookOrigin(int length, bool accepted)
    {
        const string prefix = "https://hooks.slack.com/actions/T0/1/";
        var url = prefix + new string('a', length - prefix.Length);

        Assert.Equal(accepted, ChatResponseUrls.Accept(url, Options) is not null);
    }

    [Fact]
    public void Timestamp_Over12Digits_IsMalformed_NotMerelyStale()
    {
        var body = Encoding.UTF8.GetBytes("payload=%7B%7D");
        const string milliseconds = "1795338000000";

        var check = SlackSignature.Verify(Options.SigningSecret!, milliseconds, SlackReceiver.Sign(Options.SigningSecret!, milliseconds, body), body, DateTimeOffset.FromUnixTimeSeconds(1795338000));

        Assert.Equal(SlackSignatureCheck.Malformed, check);
    }
}
