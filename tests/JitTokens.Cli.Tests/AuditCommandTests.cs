using System.Net;
using System.Text;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Cli.Tests.Support;
using JitTokens.Client.Tests.Support;

namespace JitTokens.Cli.Tests;

/// <summary>
/// <c>jit audit</c> against a hand-written HTTP fake: exact tables, NDJSON, queries, paging,
/// following, the server's verification and the export, and how each failure exits.
/// </summary>
public sealed class AuditCommandTests
{
    private static readonly List<AuditEvent> Events = TestIssuer.Events(3);

    [Fact]
    public async Task Audit_PrintsATableInLogOrder()
    {
        var jit = Answering(Page("3", Events), Page("3")).AsAuditor();

        var result = await jit.RunAsync("audit");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                "TIME                  SEQ  TYPE                  ACTOR       AGENT  SCOPE    ENV      OUTCOME            ID",
                "2026-11-22T09:00:01Z  1    token.issued          agent:demo  demo   db:read  staging  issue              tok_1",
                "2026-11-22T09:00:02Z  2    token.denied          agent:demo  demo   db:read  staging  scope_not_allowed  ses_1",
                "2026-11-22T09:00:03Z  3    escalation.requested  agent:demo  demo   db:read  staging  issue              ses_1",
            ],
            result.StdoutLines);
        Assert.Empty(result.Stderr);
        Assert.Equal("Bearer " + jit.Environment[EnvironmentVariables.HumanToken], jit.Handler.Requests[0].Request.Headers.Authorization!.ToString());
    }

    [Fact]
    public async Task Audit_Json_PrintsEachEventAsOneLineOfNdjson()
    {
        var jit = Answering(Page("3", Events), Page("3")).AsAuditor();

        var result = await jit.RunAsync("audit", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Events, result.StdoutLines.Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditEvent)));
    }

    [Fact]
    public async Task Audit_Filters_AreSentAsTheQuery()
    {
        var jit = Answering(Page("7")).AsAuditor();

        var result = await jit.RunAsync("audit", "--type", "token.denied", "--session", "ses_1", "--agent", "cursor 42", "--owner", "alice",
            "--env", "production", "--since", "2026-11-22T10:00:00+01:00", "--until", "30m", "--after", "7", "--limit", "5");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            ["/v1/audit?type=token.denied&session=ses_1&agent=cursor%2042&owner=alice&environment=production&since=2026-11-22T09%3A00%3A00Z&until=2026-11-22T08%3A30%3A00Z&after=7&limit=5"],
            jit.Requests);
        Assert.Equal(["jit: no audit events"], result.StderrLines);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Audit_SinceADate_MeansMidnightUtc()
    {
        var jit = Answering(Page("0")).AsAuditor();

        await jit.RunAsync("audit", "--since", "2026-11-21");

        Assert.Equal(["/v1/audit?since=2026-11-21T00%3A00%3A00Z&limit=100"], jit.Requests.Take(1));
    }

    [Fact]
    public async Task Audit_ShortPages_AreReadOnUntilTheLimitThenTheCursorIsNamed()
    {
        var jit = Answering(Page("40", Events[0], Events[1]), Page("95", Events[2])).AsAuditor();

        var result = await jit.RunAsync("audit", "--limit", "3", "--json");

        Assert.Equal(["/v1/audit?limit=3", "/v1/audit?after=40&limit=1"], jit.Requests);
        Assert.Equal(3, result.StdoutLines.Count);
        Assert.Equal(["jit: stopped at 3 events; more may follow: add --after 95 to read on"], result.StderrLines);
    }

    [Fact]
    public async Task Audit_EndOfTheLog_StopsWhenTheCursorStopsMoving()
    {
        var jit = Answering(Page("2", Events[0], Events[1]), Page("2")).AsAuditor();

        var result = await jit.RunAsync("audit", "--json");

        Assert.Equal(["/v1/audit?limit=100", "/v1/audit?after=2&limit=98"], jit.Requests);
        Assert.Equal(2, result.StdoutLines.Count);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task Audit_ValuesShapedLikeCredentialsOrWithLineBreaks_AreCleanedInTheTable()
    {
        var odd = Events[0] with { Agent = "jits_AAAAAAAAAAAAAAAA\nevil" };
        var jit = Answering(Page("1", odd), Page("1")).AsAuditor();

        var result = await jit.RunAsync("audit");

        Assert.Equal(2, result.StdoutLines.Count);
        Assert.Contains("[redacted] evil", result.StdoutLines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("jits_", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_WithoutAHumanToken_ExitsTwoAndSaysHowToLogIn()
    {
        var jit = Answering(Page("0"));

        var result = await jit.RunAsync("audit");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["jit: usage: JIT_HUMAN_TOKEN is not set; the log is for auditors and admins: eval \"$(jit login --dev <user> --role jit.auditor)\""], result.StderrLines);
        Assert.Empty(jit.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, ErrorCodes.AccessDenied, 3)]
    [InlineData(HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest, 2)]
    [InlineData(HttpStatusCode.ServiceUnavailable, ErrorCodes.Unavailable, 5)]
    public async Task Audit_Refused_ExitsWithTheErrorsCode(HttpStatusCode status, string code, int exitCode)
    {
        var jit = new StubbedJit(new StubHandler(_ => Answers.Problem(status, code, "the issuance log is for jit.auditor and jit.admin"))).AsAuditor();

        var result = await jit.RunAsync("audit");

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal([$"jit: {code}: the issuance log is for jit.auditor and jit.admin"], result.StderrLines);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Follow_PrintsEventsAsTheyComeUnderOneHeaderAndExits130OnCtrlC()
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var late = Events[2] with { Seq = 123456, Actor = "a-rather-long-actor-name" };
        var jit = Following(interrupt, Page("1", Events[0]), Page("1"), Page("1"), Page("123456", Events[1], late)).AsAuditor();

        var result = await jit.RunAsync(interrupt.Token, "audit", "--follow", "--agent", "demo");

        Assert.Equal(130, result.ExitCode);
        Assert.Equal(
            [
                "TIME                  SEQ     TYPE                  ACTOR             AGENT         SCOPE           ENV         OUTCOME                  ID",
                "2026-11-22T09:00:01Z  1       token.issued          agent:demo        demo          db:read         staging     issue                    tok_1",
                "2026-11-22T09:00:02Z  2       token.denied          agent:demo        demo          db:read         staging     scope_not_allowed        ses_1",
                "2026-11-22T09:00:03Z  123456  escalation.requested  a-rather-long-actor-name  demo          db:read         staging     issue                    ses_1",
            ],
            result.StdoutLines);
        Assert.Equal(
            ["jit: following the issuance log (Ctrl+C stops)", "jit: cancelled: stopped following; to go on from here, run it again with --after 123456"],
            result.StderrLines);
        Assert.Equal("/v1/audit?agent=demo&limit=1000", jit.Requests[0]);
        Assert.Equal("/v1/audit?agent=demo&after=1&limit=1000", jit.Requests[1]);
        Assert.Equal([1, 1], jit.Clock.Pauses.Take(2).Select(p => p.TotalSeconds));
    }

    [Fact]
    public async Task Follow_Json_PrintsNdjsonOnly()
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var jit = Following(interrupt, Page("2", Events[0], Events[1]), Page("3", Events[2])).AsAuditor();

        var result = await jit.RunAsync(interrupt.Token, "audit", "--follow", "--json");

        Assert.Equal(130, result.ExitCode);
        Assert.Equal(Events, result.StdoutLines.Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditEvent)));
    }

    [Fact]
    public async Task Follow_HumanTokenRefused_ExitsWithItsCode()
    {
        var answers = new Queue<Func<HttpResponseMessage>>([() => Json(Page("1", Events[0])), () => Answers.Problem(HttpStatusCode.Forbidden, ErrorCodes.AccessDenied, "no longer an auditor")]);
        var jit = new StubbedJit(new StubHandler(_ => answers.Dequeue()())).AsAuditor();

        var result = await jit.RunAsync("audit", "--follow");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("jit: access_denied: no longer an auditor", result.StderrLines[^1]);
        Assert.Equal(2, result.StdoutLines.Count);
    }

    [Fact]
    public async Task Verify_Intact_PrintsValidEventsAndHeadAndExitsZero()
    {
        var jit = Answering("""{"valid":true,"events":12,"head":"ab12","head_seq":12,"checkpoints":2}""").AsAuditor();

        var result = await jit.RunAsync("audit", "--verify");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["valid: true", "events: 12", "head: ab12", "head_seq: 12", "checkpoints: 2"], result.StdoutLines);
        Assert.Empty(result.Stderr);
        Assert.Equal(["/v1/audit/verify"], jit.Requests);
    }

    [Fact]
    public async Task Verify_NotIntact_PrintsTheFirstBadSeqAndExitsThree()
    {
        var jit = Answering("""{"valid":false,"events":6,"first_bad_seq":7,"reason":"seq 7 does not match its hash: the event was changed"}""").AsAuditor();

        var result = await jit.RunAsync("audit", "--verify");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(["valid: false", "events: 6", "first_bad_seq: 7", "reason: seq 7 does not match its hash: the event was changed"], result.StdoutLines);
        Assert.Equal(["jit: invalid: the issuance log is not intact at seq 7: seq 7 does not match its hash: the event was changed"], result.StderrLines);
    }

    [Fact]
    public async Task Verify_Json_PrintsTheServersAnswer()
    {
        var jit = Answering("""{"valid":false,"events":6,"first_bad_seq":7,"reason":"changed"}""").AsAuditor();

        var result = await jit.RunAsync("audit", "--verify", "--json");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("""{"valid":false,"events":6,"first_bad_seq":7,"reason":"changed"}""", Assert.Single(result.StdoutLines));
    }

    [Fact]
    public async Task Export_CopiesTheServersLinesToStdoutUnchanged()
    {
        var lines = new[] { TestIssuer.Line(Events[0]), TestIssuer.Line(Events[1]), """{"seq":2,"hash":"ab","time":"2026-11-22T09:00:00Z","jws":"eyJh.eyJw.c2ln"}""" };
        var handler = StubHandler.Answering(HttpStatusCode.OK, string.Join('\n', lines) + "\n", "application/x-ndjson");
        var jit = new StubbedJit(handler).AsAuditor();

        var result = await jit.RunAsync("audit", "--export");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Concat(lines.Select(l => l + "\n")), result.Stdout);
        Assert.Equal(["jit: exported 3 line(s); check it offline with: jit audit verify --file <file> --jwks <jwks.json> (from https://issuer.test/.well-known/jwks.json)"], result.StderrLines);
        Assert.Equal(["/v1/audit/export"], jit.Requests);
    }

    [Fact]
    public async Task Export_Filtered_SaysItWillNotVerifyAsAChain()
    {
        var jit = new StubbedJit(StubHandler.Answering(HttpStatusCode.OK, TestIssuer.Line(Events[1]) + "\n", "application/x-ndjson")).AsAuditor();

        var result = await jit.RunAsync("audit", "--export", "--type", "token.denied");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["/v1/audit/export?type=token.denied"], jit.Requests);
        Assert.Contains("a filtered export is a selection and does not verify as a chain", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Refused_ExitsThreeWithNothingOnStdout()
    {
        var jit = new StubbedJit(new StubHandler(_ => Answers.Problem(HttpStatusCode.Forbidden, ErrorCodes.AccessDenied, "the issuance log is for jit.auditor and jit.admin"))).AsAuditor();

        var result = await jit.RunAsync("audit", "--export");

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(result.Stdout);
    }

    /// <summary>Answers list requests with <paramref name="pages"/> in turn (the last one again when they run out).</summary>
    private static StubbedJit Answering(params string[] pages)
    {
        var next = 0;
        return new StubbedJit(new StubHandler(_ => Json(pages[Math.Min(next++, pages.Length - 1)])));
    }

    /// <summary>Answers with <paramref name="pages"/> in turn, then presses Ctrl+C (cancels) and answers with an empty page.</summary>
    private static StubbedJit Following(CancellationTokenSource interrupt, params string[] pages)
    {
        var queue = new Queue<string>(pages);
        return new StubbedJit(new StubHandler(_ =>
        {
            if (queue.TryDequeue(out var page))
            {
                return Json(page);
            }

            interrupt.Cancel();
            return Json("""{"events":[],"next":"end"}""");
        }));
    }

    private static string Page(string next, params IEnumerable<AuditEvent> events)
        => $$"""{"events":[{{string.Join(',', events.Select(TestIssuer.Line))}}],"next":"{{next}}"}""";

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
