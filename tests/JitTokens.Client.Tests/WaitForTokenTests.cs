using System.Net;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Client.Tests.Support;

namespace JitTokens.Client.Tests;

/// <summary>
/// <see cref="JitTokensClient.WaitForTokenAsync(string, TokenEscalated, IProgress{EscalationProgress}?, CancellationToken)"/>
/// against scripted answers and a clock whose pauses are recorded, not slept (RFC 8628 §3.4–3.5 polling).
/// </summary>
public sealed class WaitForTokenTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static TokenEscalated Escalated(DateTimeOffset? expiresAt = null) => new()
    {
        EscalationId = "esc_1",
        Status = EscalationStatuses.Pending,
        ExpiresAt = expiresAt ?? StepClock.Start.AddMinutes(15),
        PollIntervalSeconds = 2,
    };

    [Fact]
    public async Task Wait_PendingThenApproved_PollsAtTheIntervalAndReturnsTheToken()
    {
        var script = new Script([Pending, Pending, Answers.Issued], [Answers.View(), Answers.View("pending", 2, null, "bob")]);
        var progress = new Collected();

        var result = await script.Client.WaitForTokenAsync("jits_abc", Escalated(), progress, Cancel);

        Assert.True(result.IsSuccess, result.Problem?.Detail);
        Assert.Equal(("tok_1", 201), (result.Value.TokenId, result.Status));
        Assert.Equal([Interval, Interval], script.Clock.Pauses);
        Assert.Equal(3, script.Polls);
        Assert.Equal([0, 1], progress.Reports.Select(p => p.Escalation.Approvals.Count));
        Assert.Equal([1, 2], progress.Reports.Select(p => p.Polls));
        Assert.All(progress.Reports, p => Assert.Equal(Interval, p.PollInterval));
    }

    [Fact]
    public async Task Wait_EveryPollAndReadCarriesTheSessionToken()
    {
        var script = new Script([Pending, Answers.Issued], [Answers.View()]);

        await script.Client.WaitForTokenAsync("jits_abc", Escalated(), null, Cancel);

        Assert.Equal(
            ["POST /v1/escalations/esc_1/token", "GET /v1/escalations/esc_1", "POST /v1/escalations/esc_1/token"],
            script.Handler.Requests.Select(r => $"{r.Request.Method} {r.Request.RequestUri!.AbsolutePath}"));
        Assert.All(script.Handler.Requests, r => Assert.Equal("Bearer jits_abc", r.Request.Headers.Authorization!.ToString()));
    }

    [Fact]
    public async Task Wait_SlowDown_AddsOneIntervalForTheRestOfTheWait()
    {
        var script = new Script([Pending, SlowDown, Pending, SlowDown, Pending, Answers.Issued], []);

        var result = await script.Client.WaitForTokenAsync("jits_abc", Escalated(), null, Cancel);

        Assert.True(result.IsSuccess);
        Assert.Equal([2, 4, 4, 6, 6], script.Clock.Pauses.Select(p => p.TotalSeconds));
    }

    public static TheoryData<HttpStatusCode, string> FinalRefusals => new()
    {
        { HttpStatusCode.Forbidden, ErrorCodes.AccessDenied },
        { HttpStatusCode.BadRequest, ErrorCodes.ExpiredToken },
        { HttpStatusCode.BadRequest, ErrorCodes.InvalidGrant },
        { HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession },
        { HttpStatusCode.NotFound, ErrorCodes.InvalidRequest },
    };

    [Theory]
    [MemberData(nameof(FinalRefusals))]
    public async Task Wait_FinalRefusal_ReturnsItWithoutPollingAgain(HttpStatusCode status, string code)
    {
        var script = new Script([Pending, () => Answers.Problem(status, code, "denied by dana: not during the freeze")], []);

        var result = await script.Client.WaitForTokenAsync("jits_abc", Escalated(), null, Cancel);

        Assert.Equal(((int)status, code), (result.Status, result.Problem!.Error));
        Assert.Equal("denied by dana: not during the freeze", result.Problem.Detail);
        Assert.Equal(2, script.Polls);
        Assert.Equal([Interval], script.Clock.Pauses);
    }

    [Fact]
    public async Task Wait_IssuerFailsForAWhile_RetriesWithGrowingPausesAndGetsTheToken()
    {
        var script = new Script([Unavailable, Unreachable, () => Answers.Problem(HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited), Pending, Answers.Issued], []);

        var result = await script.Client.WaitForTokenAsync("jits_abc", Escalated(), null, Cancel);

        Assert.True(result.IsSuccess, result.Problem?.Detail);
        Assert.Equal([4, 8, 16, 2], script.Clock.Pauses.Select(p => p.TotalSeconds));
    }

    [Fact]
    public async Task Wait_IssuerFailsPastTheEscalationsExpiry_ReturnsUnavailable()
    {
        var script = new Script([Unavailable, Unavailable, Unavailable, Answers.Issued], []);

        var result = await script.Client.WaitForTokenAsync("jits_abc", Escalated(StepClock.Start.AddSeconds(5)), null, Cancel);

        Assert.Equal((503, ErrorCodes.Unavailable), (result.Status, result.Problem!.Error));
        Assert.Equal(3, script.Polls);
        Assert.Equal([4, 8], script.Clock.Pauses.Select(p => p.TotalSeconds));
    }

    [Fact]
    public async Task Wait_ByIdWithExpiryNeverKnown_GivesUpAfterBoundedRetries()
    {
        var script = new Script([.. Enumerable.Repeat<Func<HttpResponseMessage>>(Unreachable, 10)], []);

        var result = await script.Client.WaitForTokenAsync("jits_abc", "esc_1", cancellationToken: Cancel);

        Assert.Equal((0, ErrorCodes.Unavailable), (result.Status, result.Problem!.Error));
        Assert.Equal(EscalationWaiter.MaxRetriesWithoutExpiry + 1, script.Polls);
    }

    [Fact]
    public async Task Wait_ById_PollsAtTheRfc8628DefaultOfFiveSeconds()
    {
        var script = new Script([Pending, Pending, Answers.Issued], [Answers.View(), Answers.View()]);

        var result = await script.Client.WaitForTokenAsync("jits_abc", "esc_1", cancellationToken: Cancel);

        Assert.True(result.IsSuccess);
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)], script.Clock.Pauses);
    }

    [Fact]
    public async Task Wait_ReadingTheEscalationFails_SkipsTheReportAndKeepsWaiting()
    {
        var script = new Script([Pending, Pending, Answers.Issued], [null, Answers.View()]);
        var progress = new Collected();

        var result = await script.Client.WaitForTokenAsync("jits_abc", Escalated(), progress, Cancel);

        Assert.True(result.IsSuccess);
        Assert.Equal([2], progress.Reports.Select(p => p.Polls));
    }

    [Fact]
    public async Task Wait_CallerCancels_ThrowsAndPollsNoMore()
    {
        var script = new Script([Pending, Answers.Issued], [Answers.View()]);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var progress = new Collected(_ => cancellation.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => script.Client.WaitForTokenAsync("jits_abc", Escalated(), progress, cancellation.Token));

        Assert.Equal(1, script.Polls);
    }

    [Theory]
    [InlineData(2, 1, 4)]
    [InlineData(2, 2, 8)]
    [InlineData(2, 4, 30)]
    [InlineData(2, 40, 30)]
    [InlineData(45, 1, 45)]
    public void RetryPause_DoublesPerFailureUpToThirtySecondsButNeverBelowTheInterval(int intervalSeconds, int failures, int expectedSeconds)
        => Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), PassingFailures.Pause(TimeSpan.FromSeconds(intervalSeconds), failures));

    private static HttpResponseMessage Pending() => Answers.Problem(HttpStatusCode.BadRequest, ErrorCodes.AuthorizationPending, "waiting for 2 more approval(s)");

    private static HttpResponseMessage SlowDown() => Answers.Problem(HttpStatusCode.BadRequest, ErrorCodes.SlowDown, "poll at most every 2 seconds");

    private static HttpResponseMessage Unavailable() => Answers.Problem(HttpStatusCode.ServiceUnavailable, ErrorCodes.Unavailable, "the store is unavailable");

    private static HttpResponseMessage Unreachable() => throw new HttpRequestException("connection refused");

    /// <summary>Polls get the next of <c>polls</c>; reads of the escalation the next of <c>views</c> (null or none left: a 500).</summary>
    private sealed class Script
    {
        private readonly Queue<Func<HttpResponseMessage>> _polls;
        private readonly Queue<string?> _views;

        public Script(IEnumerable<Func<HttpResponseMessage>> polls, IEnumerable<string?> views)
        {
            _polls = new(polls);
            _views = new(views);
            Handler = new StubHandler(request => request.Method == HttpMethod.Post ? _polls.Dequeue()() : View());
            Client = Handler.Client(Clock);
        }

        public StubHandler Handler { get; }

        public StepClock Clock { get; } = new();

        public JitTokensClient Client { get; }

        public int Polls => Handler.Requests.Count(r => r.Request.Method == HttpMethod.Post);

        private HttpResponseMessage View()
            => _views.TryDequeue(out var view) && view is not null
                ? Answers.Json(HttpStatusCode.OK, view)
                : Answers.Problem(HttpStatusCode.InternalServerError, "server_error");
    }

    /// <summary>Keeps every report, in order, on the polling task (Progress&lt;T&gt; would post them elsewhere).</summary>
    private sealed class Collected(Action<EscalationProgress>? onReport = null) : IProgress<EscalationProgress>
    {
        public List<EscalationProgress> Reports { get; } = [];

        public void Report(EscalationProgress value)
        {
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }
}
