using System.Net;
using JitTokens.Abstractions;
using JitTokens.Cli.Tests.Support;
using JitTokens.Client.Tests.Support;

namespace JitTokens.Cli.Tests;

/// <summary>
/// <c>jit run --heartbeat</c> against a stubbed issuer whose heartbeats fail, and a real command
/// that waits for the beat the test is about (a file the stub creates). The clock records the
/// pauses between beats instead of sleeping them.
/// </summary>
public sealed class RunHeartbeatTests : IDisposable
{
    private const string SessionToken = "jits_BEATBEATBEATBEATBEATBEATBEATBEATBEATBEATBEA";
    private const string Started = $$"""{"session_id":"ses_1","session_token":"{{SessionToken}}","owner":"alice","agent":"demo","environments":["staging"],"scopes":["db:read"],"expires_at":"2026-11-22T11:00:00Z"}""";
    private const string Beat = "/v1/sessions/current/heartbeat";
    private readonly string _marker = Path.Combine(Path.GetTempPath(), $"jit-beat-{Guid.NewGuid():N}");

    public static TheoryData<HttpStatusCode, string, string> FirstBeatFailures => new()
    {
        { HttpStatusCode.ServiceUnavailable, ErrorCodes.Unavailable, "the store is unavailable" },
        { HttpStatusCode.NotFound, ErrorCodes.InvalidRequest, "no such route" },
    };

    [Theory]
    [MemberData(nameof(FirstBeatFailures))]
    public async Task Run_FirstHeartbeatFails_EndsTheSessionRunsNothingExitsFive(HttpStatusCode status, string code, string detail)
    {
        var jit = Jit(_ => Answers.Problem(status, code, detail));

        var result = await jit.RunAsync(Run($"touch '{_marker}'", "--heartbeat", "30s"));

        Assert.Equal(5, result.ExitCode);
        Assert.False(File.Exists(_marker), "the command ran");
        Assert.Empty(result.Stdout);
        Assert.Equal(["/v1/sessions", Beat, "/v1/sessions/current"], jit.Requests);
        Assert.Equal(HttpMethod.Delete, jit.Handler.Requests[^1].Request.Method);
        Assert.Equal($"jit: {code}: the first heartbeat failed ({detail}), so the command was not run; session ses_1 ended unused", Assert.Single(result.StderrLines));
    }

    [Fact]
    public async Task Run_HeartbeatFailsThenSessionEnded_SaysSoStopsBeatingAndRunsOn()
    {
        var beats = 0;
        var jit = Jit(_ => ++beats switch
        {
            1 or 3 => Accepted(),
            2 => Answers.Problem(HttpStatusCode.ServiceUnavailable, ErrorCodes.Unavailable, "the store is unavailable"),
            _ => Marked(Answers.Problem(HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession, "the session has ended")),
        });

        var result = await jit.RunAsync(Run(WaitForMarker, "--heartbeat", "10s"));

        // 0: the command saw the fourth beat's answer and ran on after it.
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["/v1/sessions", Beat, Beat, Beat, Beat, "/v1/sessions/current"], jit.Requests);
        Assert.All(jit.Handler.Requests.Skip(1), r => Assert.Equal(SessionToken, r.Request.Headers.Authorization?.Parameter));
        Assert.All(jit.Handler.Requests.Skip(1).SkipLast(1), r => Assert.Equal("""{"within_seconds":10}""", r.Body));
        Assert.Equal(Enumerable.Repeat(TimeSpan.FromMilliseconds(3333), 3), jit.Clock.Pauses);
        Assert.Collection(result.StderrLines,
            l => Assert.StartsWith("jit: session ses_1 started for agent demo", l, StringComparison.Ordinal),
            l => Assert.Equal("jit: unavailable: heartbeat of session ses_1 failed (the store is unavailable); trying again in 3.3 s; the issuer ends the session at 2026-11-22T09:00:10Z unless one gets through", l),
            l => Assert.Equal("jit: invalid_session: session ses_1 has ended (its owner or an admin ended it, or it expired): heartbeats stopped; the command runs on, but the session's tokens are revoked", l),
            l => Assert.StartsWith("jit: session ses_1 ended (the command exited with 0)", l, StringComparison.Ordinal));
        Assert.DoesNotContain(SessionToken, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CommandExits_StopsBeatingBeforeEndingTheSession()
    {
        var beats = 0;
        var jit = Jit(_ => ++beats == 2 ? Marked(Accepted()) : Accepted());

        var result = await jit.RunAsync(Run(WaitForMarker, "--heartbeat", "5s"));

        Assert.Equal(0, result.ExitCode);
        Assert.True(beats >= 2, $"{beats} beats");
        Assert.Equal(["/v1/sessions", .. Enumerable.Repeat(Beat, beats), "/v1/sessions/current"], jit.Requests);
        Assert.Equal(2, result.StderrLines.Count);
        Assert.StartsWith("jit: session ses_1 ended (the command exited with 0)", result.StderrLines[^1], StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_marker);

    /// <summary>The command's wait for the beat under test (at most 10 s, so that a broken jit fails rather than hangs).</summary>
    private string WaitForMarker => $"i=0; while [ ! -e '{_marker}' ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; test -e '{_marker}'";

    private static HttpResponseMessage Accepted() => Answers.Json(HttpStatusCode.OK, """{"session_id":"ses_1","deadline":"2026-11-22T09:00:10Z"}""");

    private static string[] Run(string script, params string[] options)
        => ["run", "--agent", "demo", "--env", "staging", "--purpose", "run a command as the agent", .. options, "--", "sh", "-c", script];

    /// <summary>Answers with <paramref name="answer"/> and lets the command go on.</summary>
    private HttpResponseMessage Marked(HttpResponseMessage answer)
    {
        File.WriteAllText(_marker, "");
        return answer;
    }

    /// <summary>An issuer that starts the session, answers heartbeats with <paramref name="beat"/> and ends the session (204).</summary>
    private static StubbedJit Jit(Func<HttpRequestMessage, HttpResponseMessage> beat)
        => new StubbedJit(new StubHandler(request => request.Method == HttpMethod.Delete
            ? new HttpResponseMessage(HttpStatusCode.NoContent)
            : request.RequestUri!.AbsolutePath == Beat
                ? beat(request)
                : Answers.Json(HttpStatusCode.Created, Started))).AsAuditor();
}
