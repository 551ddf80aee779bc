using System.Globalization;
using System.Text;
using JitTokens.Server.Chat;
using JitTokens.TestSupport.Slack;

namespace JitTokens.Server.Tests.Chat;

public sealed class SlackSignatureTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Body = "payload=%7B%22type%22%3A%22block_actions%22%7D";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static SlackSignatureCheck Verify(string? timestamp, string? signature, string body = Body, string secret = Secret)
        => SlackSignature.Verify(secret, timestamp, signature, Encoding.UTF8.GetBytes(body), Now);

    [Fact]
    public void Verify_SlacksPublishedExample_IsValid()
    {
        // https://docs.slack.dev/authentication/verifying-requests-from-slack (the worked example).
        const string body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

        var check = SlackSignature.Verify(Secret, "1531420618", "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
            Encoding.UTF8.GetBytes(body), DateTimeOffset.FromUnixTimeSeconds(1531420618 + 60));

        Assert.Equal(SlackSignatureCheck.Valid, check);
    }

    [Fact]
    public void Verify_SignedLikeSlack_IsValid()
    {
        Assert.Equal(SlackSignatureCheck.Valid, Verify(Timestamp(Now), SlackReceiver.Sign(Secret, Now, Body)));
    }

    [Fact]
    public void Verify_WrongSecret_IsMismatch()
    {
        Assert.Equal(SlackSignatureCheck.Mismatch, Verify(Timestamp(Now), SlackReceiver.Sign("another-secret", Now, Body)));
    }

    [Theory]
    [InlineData(Body + "x")]
    [InlineData("payload=%7B%22type%22%3A%22block_actionz%22%7D")]
    [InlineData("")]
    public void Verify_TamperedBody_IsMismatch(string body)
    {
        Assert.Equal(SlackSignatureCheck.Mismatch, Verify(Timestamp(Now), SlackReceiver.Sign(Secret, Now, Body), body));
    }

    [Fact]
    public void Verify_SignatureForAnotherTimestamp_IsMismatch()
    {
        Assert.Equal(SlackSignatureCheck.Mismatch, Verify(Timestamp(Now), SlackReceiver.Sign(Secret, Now.AddSeconds(-1), Body)));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(-300, true)]
    [InlineData(300, true)]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    [InlineData(-86_400, false)]
    public void Verify_Timestamp_MustBeWithinFiveMinutesEitherWay(int offsetSeconds, bool valid)
    {
        var at = Now.AddSeconds(offsetSeconds);

        Assert.Equal(valid ? SlackSignatureCheck.Valid : SlackSignatureCheck.OutsideWindow, Verify(Timestamp(at), SlackReceiver.Sign(Secret, at, Body)));
    }

    [Fact]
    public void Window_IsFiveMinutes()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), SlackSignature.Window);
    }

    [Theory]
    [InlineData(null, "v0=00")]
    [InlineData("", "v0=00")]
    [InlineData("1700000000", null)]
    [InlineData("1700000000", "")]
    [InlineData(null, null)]
    public void Verify_MissingHeader_IsMissing(string? timestamp, string? signature)
    {
        Assert.Equal(SlackSignatureCheck.Missing, Verify(timestamp, signature));
    }

    [Theory]
    [InlineData("17e8")]
    [InlineData(" 1795338000")]
    [InlineData("1795338000 ")]
    [InlineData("+1795338000")]
    [InlineData("-1795338000")]
    [InlineData("1795338000.5")]
    [InlineData("١٧٩٥٣٣٨٠٠٠")]
    [InlineData("99999999999999999999999")]
    [InlineData("0x6B0A0F10")]
    public void Verify_MalformedTimestamp_IsMalformed(string timestamp)
    {
        Assert.Equal(SlackSignatureCheck.Malformed, Verify(timestamp, SlackReceiver.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(Body))));
    }

    [Fact]
    public void Verify_TwelveDigitTimestamp_IsOutsideWindow()
    {
        Assert.Equal(SlackSignatureCheck.OutsideWindow, Verify("999999999999", SlackReceiver.Sign(Secret, "999999999999", Encoding.UTF8.GetBytes(Body))));
    }

    [Fact]
    public void Verify_MalformedSignatures_AreMalformed()
    {
        var valid = SlackReceiver.Sign(Secret, Now, Body);
        string[] malformed =
        [
            "v1=" + valid[3..],
            "V0=" + valid[3..],
            valid[3..],
            "v0=" + valid[3..].ToUpperInvariant(),
            valid[..^1],
            valid + "0",
            valid[..^1] + "g",
            "v0=" + new string('z', 64),
            "v0=" + Convert.ToBase64String(new byte[48]),
            valid + "," + valid,
            " " + valid,
        ];

        Assert.All(malformed, signature => Assert.Equal(SlackSignatureCheck.Malformed, Verify(Timestamp(Now), signature)));
    }

    [Fact]
    public void Verify_IsOverTheRawBytes_NotTheirDecodedMeaning()
    {
        // Both decode to the same form; Slack signed the first, byte for byte.
        const string sent = "payload=%7B%22text%22%3A%22a+b%22%7D";
        const string reencoded = "payload=%7B%22text%22%3A%22a%20b%22%7D";
        var signature = SlackReceiver.Sign(Secret, Now, sent);

        Assert.Equal(SlackSignatureCheck.Valid, Verify(Timestamp(Now), signature, sent));
        Assert.Equal(SlackSignatureCheck.Mismatch, Verify(Timestamp(Now), signature, reencoded));
    }

    [Fact]
    public void Verify_BodyThatIsNotUtf8_IsCheckedAsSent()
    {
        byte[] raw = [(byte)'p', 0xFF, 0xFE, 0x00, (byte)'x'];
        var signature = SlackReceiver.Sign(Secret, Timestamp(Now), raw);

        Assert.Equal(SlackSignatureCheck.Valid, SlackSignature.Verify(Secret, Timestamp(Now), signature, raw, Now));
        Assert.Equal(SlackSignatureCheck.Mismatch, SlackSignature.Verify(Secret, Timestamp(Now), signature, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(raw)), Now));
    }

    [Fact]
    public void Verify_EmptySecret_NeverVerifies()
    {
        Assert.Equal(SlackSignatureCheck.Mismatch, Verify(Timestamp(Now), SlackReceiver.Sign("", Now, Body), secret: ""));
    }

    [Fact]
    public void Verify_ArbitraryInput_NeverThrows()
    {
        var random = new Random(20261122);
        string[] pieces = ["v0=", "v1=", "0", "9", "a", "f", "F", "=", ":", "\u0000", "١", "-", " ", Timestamp(Now), new string('a', 64), new string('9', 30)];
        for (var i = 0; i < 2000; i++)
        {
            var timestamp = string.Concat(Enumerable.Range(0, random.Next(4)).Select(_ => pieces[random.Next(pieces.Length)]));
            var signature = string.Concat(Enumerable.Range(0, random.Next(5)).Select(_ => pieces[random.Next(pieces.Length)]));
            var body = new byte[random.Next(64)];
            random.NextBytes(body);

            var check = SlackSignature.Verify(Secret, timestamp, signature, body, Now);

            Assert.NotEqual(SlackSignatureCheck.Valid, check);
        }
    }
}
