using System.Net;
using System.Text;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Client.Tests.Support;

namespace JitTokens.Client.Tests;

/// <summary>The issuance log calls (DESIGN.md §3.6) against a hand-written HTTP fake: queries, cursors, the follow loop, the streamed export.</summary>
public sealed class AuditWireTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListAudit_EveryFilterAndTheCursor_AreSentEscapedInTheQuery()
    {
        var handler = StubHandler.Answering(HttpStatusCode.OK, Page("c1"));
        var query = new AuditQuery
        {
            Type = AuditEventTypes.TokenIssued,
            SessionId = "ses_1",
            Agent = "cursor 42",
            Owner = "alice&bob",
            Environment = "staging",
            Since = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(1)),
            Until = new DateTimeOffset(2026, 11, 22, 9, 30, 0, 500, TimeSpan.Zero),
            After = "41",
            Limit = 250,
        };

        await handler.Client().ListAuditEventsAsync("eyJh.eyJp.sig", query, Cancel);

        var (request, _) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal(
            "/v1/audit?type=token.issued&session=ses_1&agent=cursor%2042&owner=alice%26bob&environment=staging&since=2026-11-22T09%3A00%3A00Z&until=2026-11-22T09%3A30%3A00.500Z&after=41&limit=250",
            request.RequestUri!.PathAndQuery);
        Assert.Equal("Bearer eyJh.eyJp.sig", request.Headers.Authorization!.ToString());
    }

    [Fact]
    public async Task ListAudit_WithoutQuery_AsksForTheServersDefaultPage()
    {
        var handler = StubHandler.Answering(HttpStatusCode.OK, Page("0"));

        await handler.Client().ListAuditEventsAsync("eyJh.eyJp.sig", cancellationToken: Cancel);

        Assert.Equal("/v1/audit", handler.Requests[0].Request.RequestUri!.PathAndQuery);
    }

    [Fact]
    public async Task ListAudit_ReadsEventsInOrderAndTheCursor_SkippingMembersItDoesNotKnow()
    {
        var body = Page("2", Events(2)).Replace("\"next\"", "\"newer_member\":1,\"next\"", StringComparison.Ordinal);
        var handler = StubHandler.Answering(HttpStatusCode.OK, body);

        var result = await handler.Client().ListAuditEventsAsync("eyJh.eyJp.sig", cancellationToken: Cancel);

        Assert.True(result.IsSuccess, result.Problem?.Detail);
        Assert.Equal([1L, 2L], result.Value.Events.Select(e => e.Seq));
        Assert.Equal("2", result.Value.Next);
        Assert.Equal(Events(2)[1], result.Value.Events[1]);
    }

    [Fact]
    public async Task ListAudit_PageWithoutNext_IsAnUnexpectedAnswer()
    {
        var handler = StubHandler.Answering(HttpStatusCode.OK, """{"events":[]}""");

        var result = await handler.Client().ListAuditEventsAsync("eyJh.eyJp.sig", cancellationToken: Cancel);

        Assert.Equal((ErrorCodes.Unavailable, 200), (result.Problem!.Error, result.Status));
    }

    [Fact]
    public async Task ListAudit_WithoutTheAuditorRole_ReturnsAccessDenied()
    {
        var handler = new StubHandler(_ => Answers.Problem(HttpStatusCode.Forbidden, ErrorCodes.AccessDenied, "reading the log needs jit.auditor or jit.admin"));

        var result = await handler.Client().ListAuditEventsAsync("eyJh.eyJp.sig", cancellationToken: Cancel);

        Assert.Equal((403, ErrorCodes.AccessDenied), (result.Status, result.Problem!.Error));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task ListAudit_LimitOutsideTheServersRange_Throws(int limit)
    {
        var handler = StubHandler.Answering(HttpStatusCode.OK, Page("0"));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => handler.Client().ListAuditEventsAsync("eyJh.eyJp.sig", new AuditQuery { Limit = limit }, Cancel));
        Assert.Throws<ArgumentOutOfRangeException>(() => handler.Client().FollowAuditEventsAsync("eyJh.eyJp.sig", new AuditQuery { Limit = limit }, cancellationToken: Cancel));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Follow_CatchesUpWithoutPausingWhileTheCursorMovesThenPollsEverySecond()
    {
        var events = Events(4);
        var script = new FollowScript(
            () => Json(Page("c2", events[0], events[1])),
            () => Json(Page("c3")),
            () => Json(Page("c4", events[2])),
            () => Json(Page("c4")),
            () => Json(Page("c5", events[3])));

        var pages = await script.TakeAsync(3, new AuditQuery { Agent = "demo", Limit = 2 });

        Assert.Equal([[1L, 2L], [3L], [4L]], pages.Select(p => p.Value!.Events.Select(e => e.Seq).ToArray()));
        Assert.Equal(
            ["agent=demo&limit=2", "agent=demo&after=c2&limit=2", "agent=demo&after=c3&limit=2", "agent=demo&after=c4&limit=2", "agent=demo&after=c4&limit=2"],
            script.Queries);
        Assert.Equal([TimeSpan.FromSeconds(1)], script.Clock.Pauses);
    }

    [Fact]
    public async Task Follow_IssuerFailsForAWhile_RetriesWithGrowingPausesFromTheSameCursor()
    {
        var events = Events(2);
        var script = new FollowScript(
            () => Json(Page("c1", events[0])),
            Unavailable,
            Unreachable,
            () => Json(Page("c2", events[1])));

        var pages = await script.TakeAsync(2);

        Assert.All(pages, p => Assert.True(p.IsSuccess));
        Assert.Equal(["", "after=c1", "after=c1", "after=c1"], script.Queries);
        Assert.Equal([2, 4], script.Clock.Pauses.Select(p => p.TotalSeconds));
    }

    [Fact]
    public async Task Follow_IssuerKeepsFailing_YieldsTheFailureLastAndEnds()
    {
        var script = new FollowScript([.. Enumerable.Repeat<Func<HttpResponseMessage>>(Unavailable, 10)]);

        var pages = await script.TakeAsync(10);

        Assert.Equal((503, ErrorCodes.Unavailable), (Assert.Single(pages).Status, pages[0].Problem!.Error));
        Assert.Equal(JitTokensClient.MaxFollowRetries + 1, script.Queries.Count);
        Assert.Equal([2, 4, 8, 16, 30], script.Clock.Pauses.Select(p => p.TotalSeconds));
    }

    [Fact]
    public async Task Follow_FinalRefusal_YieldsItAtOnceAndEnds()
    {
        var script = new FollowScript(() => Json(Page("c1", Events(1)[0])), () => Json(Page("c1")), () => Answers.Problem(HttpStatusCode.Unauthorized, ErrorCodes.AccessDenied, "the human token expired"));

        var pages = await script.TakeAsync(10);

        Assert.Equal(2, pages.Count);
        Assert.Equal(ErrorCodes.AccessDenied, pages[1].Problem!.Error);
        Assert.Equal([TimeSpan.FromSeconds(1)], script.Clock.Pauses);
        Assert.Equal(3, script.Queries.Count);
    }

    [Fact]
    public async Task Follow_CallerCancels_ThrowsAndAsksNoMore()
    {
        var script = new FollowScript(() => Json(Page("c1", Events(1)[0])), () => Json(Page("c1")));
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in script.Client.FollowAuditEventsAsync("eyJh.eyJp.sig", cancellationToken: cancellation.Token))
            {
                await cancellation.CancelAsync();
            }
        });

        Assert.Single(script.Queries);
    }

    [Fact]
    public async Task Export_CopiesEveryLineAsItComesAndCountsThem()
    {
        var lines = Events(2).Select(e => JsonSerializer.Serialize(e, JitJson.Context.AuditEvent)).ToList();
        lines.Add("""{"seq":2,"hash":"ab","time":"2026-11-22T09:00:00Z","jws":"eyJh.eyJw.c2ln"}""");
        var body = string.Join("\n", lines[0], "", lines[1], lines[2]);
        var handler = StubHandler.Answering(HttpStatusCode.OK, body, "application/x-ndjson");
        using var destination = new StringWriter();

        var result = await handler.Client().ExportAuditAsync("eyJh.eyJp.sig", destination, cancellationToken: Cancel);

        Assert.True(result.IsSuccess, result.Problem?.Detail);
        Assert.Equal(3, result.Value);
        Assert.Equal(string.Concat(lines.Select(l => l + "\n")), destination.ToString());
        Assert.Equal("/v1/audit/export", handler.Requests[0].Request.RequestUri!.PathAndQuery);
    }

    [Fact]
    public async Task Export_Refused_ReturnsTheProblemAndWritesNothing()
    {
        var handler = new StubHandler(_ => Answers.Problem(HttpStatusCode.Forbidden, ErrorCodes.AccessDenied));
        using var destination = new StringWriter();

        var result = await handler.Client().ExportAuditAsync("eyJh.eyJp.sig", destination, new AuditQuery { Type = AuditEventTypes.AuthFailed }, Cancel);

        Assert.Equal((403, ErrorCodes.AccessDenied), (result.Status, result.Problem!.Error));
        Assert.Empty(destination.ToString());
        Assert.Equal("/v1/audit/export?type=auth.failed", handler.Requests[0].Request.RequestUri!.PathAndQuery);
    }

    [Fact]
    public async Task Export_StreamBreaksOff_IsUnavailableAndKeepsWhatArrived()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream("{\"seq\":1}\n{\"seq\":2}\n{\"se")) });
        using var destination = new StringWriter();

        var result = await handler.Client().ExportAuditAsync("eyJh.eyJp.sig", destination, cancellationToken: Cancel);

        Assert.Equal((0, ErrorCodes.Unavailable), (result.Status, result.Problem!.Error));
        Assert.Contains("broke off after 2 line(s)", result.Problem.Detail, StringComparison.Ordinal);
        Assert.Equal("{\"seq\":1}\n{\"seq\":2}\n", destination.ToString());
    }

    [Fact]
    public async Task Export_StreamStalls_IsUnavailableWithinTheClientsTimeout()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream("{\"seq\":1}\n", stall: true)) });
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://issuer.test"), Timeout = TimeSpan.FromMilliseconds(300) };
        using var destination = new StringWriter();

        var result = await new JitTokensClient(http).ExportAuditAsync("eyJh.eyJp.sig", destination, cancellationToken: Cancel);

        Assert.Equal((0, ErrorCodes.Unavailable), (result.Status, result.Problem!.Error));
        Assert.Contains("stalled after 1 line(s)", result.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ReadsBothAnswers()
    {
        var good = StubHandler.Answering(HttpStatusCode.OK, """{"valid":true,"events":12,"head":"ab12","head_seq":12,"checkpoints":2}""");
        var bad = StubHandler.Answering(HttpStatusCode.OK, """{"valid":false,"events":6,"first_bad_seq":7,"reason":"seq 7 does not match its hash: the event was changed"}""");

        var intact = await good.Client().VerifyAuditAsync("eyJh.eyJp.sig", Cancel);
        var broken = await bad.Client().VerifyAuditAsync("eyJh.eyJp.sig", Cancel);

        Assert.Equal("/v1/audit/verify", good.Requests[0].Request.RequestUri!.PathAndQuery);
        Assert.Equal(new AuditVerification { Valid = true, Events = 12, Head = "ab12", HeadSeq = 12, Checkpoints = 2 }, intact.Value);
        Assert.Equal((false, 7L, 6L), (broken.Value!.Valid, broken.Value.FirstBadSeq, broken.Value.Events));
    }

    /// <summary>A chained run of events from seq 1, as the server stores them.</summary>
    internal static IReadOnlyList<AuditEvent> Events(int count)
    {
        var events = new List<AuditEvent>();
        var prev = AuditChain.Genesis;
        for (var seq = 1; seq <= count; seq++)
        {
            var e = AuditChain.Link(new AuditEvent
            {
                Id = $"evt_{seq}",
                Time = StepClock.Start.AddSeconds(seq),
                Type = AuditEventTypes.TokenIssued,
                Actor = "agent:demo",
                SessionId = "ses_1",
                Agent = "demo",
                Scope = "db:read",
                Environment = "staging",
                TokenId = $"tok_{seq}",
                Decision = "issue",
            }, seq, prev);
            prev = e.Hash!;
            events.Add(e);
        }

        return events;
    }

    private static string Page(string next, params IEnumerable<AuditEvent> events)
        => $$"""{"events":[{{string.Join(',', events.Select(e => JsonSerializer.Serialize(e, JitJson.Context.AuditEvent)))}}],"next":"{{next}}"}""";

    private static HttpResponseMessage Json(string body) => Answers.Json(HttpStatusCode.OK, body);

    private static HttpResponseMessage Unavailable() => Answers.Problem(HttpStatusCode.ServiceUnavailable, ErrorCodes.Unavailable, "the log is unavailable");

    private static HttpResponseMessage Unreachable() => throw new HttpRequestException("connection refused");

    /// <summary>Each list request gets the next answer; the client's pauses are recorded, not slept.</summary>
    private sealed class FollowScript
    {
        private readonly Queue<Func<HttpResponseMessage>> _answers;
        public FollowScript(params IEnumerable<Func<HttpResponseMessage>> answers)
        {
            _answers = new(answers);
            Handler = new StubHandler(_ => _answers.TryDequeue(out var next) ? next() : Json(Page("end")));
            Client = Handler.Client(Clock);
        }

        public StubHandler Handler { get; }

        public StepClock Clock { get; } = new();

        public JitTokensClient Client { get; }

        public IReadOnlyList<string> Queries => [.. Handler.Requests.Select(r => r.Request.RequestUri!.Query.TrimStart('?'))];

        /// <summary>Follows until <paramref name="count"/> pages arrived or the enumeration ended.</summary>
        public async Task<List<JitResult<AuditEventList>>> TakeAsync(int count, AuditQuery? query = null)
        {
            var pages = new List<JitResult<AuditEventList>>();
            await foreach (var page in Client.FollowAuditEventsAsync("eyJh.eyJp.sig", query, cancellationToken: Cancel))
            {
                pages.Add(page);
                if (pages.Count == count)
                {
                    break;
                }
            }

            return pages;
        }
    }

    /// <summary>Serves <c>text</c>, then breaks the connection, or with <c>stall</c> waits until cancelled.</summary>
    private sealed class BreakingStream(string text, bool stall = false) : Stream
    {
        private readonly MemoryStream _data = new(Encoding.UTF8.GetBytes(text));

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await _data.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                return read;
            }

            if (stall)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            throw new IOException("connection reset by peer");
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
