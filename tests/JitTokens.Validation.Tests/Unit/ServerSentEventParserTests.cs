using JitTokens.Validation.Revocation;

namespace JitTokens.Validation.Tests.Unit;

/// <summary>The Server-Sent Events parser, line by line, as the revocation stream is read.</summary>
public sealed class ServerSentEventParserTests
{
    private static List<ServerSentEvent> Parse(params string[] lines)
    {
        var parser = new ServerSentEventParser();
        return [.. lines.Select(parser.Feed).OfType<ServerSentEvent>()];
    }

    [Fact]
    public void RevocationEvent_IsDispatchedOnTheBlankLine()
    {
        var events = Parse("retry: 1000", "", "id: 1763812800000-0", "event: revocation", "data: {\"kind\":\"token\"}", "");

        var single = Assert.Single(events);
        Assert.Equal(new ServerSentEvent("1763812800000-0", "revocation", "{\"kind\":\"token\"}"), single);
    }

    [Fact]
    public void Keepalives_AndEventsWithoutData_DispatchNothing()
        => Assert.Empty(Parse(": keepalive", "", ": keepalive", "", "id: 5-0", ""));

    [Fact]
    public void DataLines_AreJoinedWithNewlines_AndTheTypeDefaultsToMessage()
        => Assert.Equal(new ServerSentEvent(null, "message", "a\nb"), Assert.Single(Parse("data:a", "data: b", "")));

    [Fact]
    public void TheTypeIsReset_ButTheIdIsKept_BetweenEvents()
    {
        var events = Parse("id: 7-0", "event: revocation", "data: x", "", "data: y", "");

        Assert.Equal([new ServerSentEvent("7-0", "revocation", "x"), new ServerSentEvent("7-0", "message", "y")], events);
    }
}
