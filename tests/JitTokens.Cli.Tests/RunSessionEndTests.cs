using System.Net;
using JitTokens.Abstractions;
using JitTokens.Cli.Tests.Support;
using JitTokens.Client.Tests.Support;

namespace JitTokens.Cli.Tests;

/// <summary>
/// <c>jit run</c> when ending the session does not work: a stubbed issuer that starts sessions and
/// then fails to end them, and a real command. The clock records the pauses between tries.
/// </summary>
public sealed class RunSessionEndTests
{
    private const string SessionToken = "jits_RUNRUNRUNRUNRUNRUNRUNRUNRUNRUNRUNRUNRUNRUNR";
    private const string Started = $$"""{"session_id":"ses_1","session_token":"{{SessionToken}}","owner":"alice","agent":"demo","environments":["staging"],"scopes":["db:read"],"expires_at":"2026-11-22T11:00:00Z"}""";

    [Theory]
    [InlineData(0, 5)]
    [InlineData(3, 3)]
    public async Task Run_IssuerUnreachableAtEnd_SaysSoAndExitsWithCommandsCodeOrFive(int code, int exitCode)
    {
        var jit = Jit(_ => throw new HttpRequestException("Connection refused"));

        var result = await jit.RunAsync(Run($"exit {code}"));

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(["/v1/sessions", "/v1/sessions/current", "/v1/sessions/current", "/v1/sessions/current"], jit.Requests);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], jit.Clock.Pauses);
        Assert.All(jit.Handler.Requests.Skip(1), r => Assert.Equal(SessionToken, r.Request.Headers.Authorization?.Parameter));
        Assert.StartsWith("jit: unavailable: could not end session ses_1 (", result.StderrLines[^1], StringComparison.Ordinal);
        Assert.EndsWith("it stays usable until 2026-11-22T11:00:00Z; end it with: jit session end --id ses_1", result.StderrLines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(SessionToken, result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Run_IssuerRecoversAtSecondTry_EndsTheSessionAndExitsZero()
    {
        var deletes = 0;
        var jit = Jit(_ => ++deletes == 1 ? Answers.Problem(HttpStatusCode.ServiceUnavailable, ErrorCodes.Unavailable) : new HttpResponseMessage(HttpStatusCode.NoContent));

        var result = await jit.RunAsync(Run("exit 0"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([TimeSpan.FromSeconds(1)], jit.Clock.Pauses);
        Assert.Equal("jit: session ses_1 ended (the command exited with 0); its tokens are revoked and its pending escalations cancelled", result.StderrLines[^1]);
    }

    [Fact]
    public async Task Run_SessionEndedMeanwhile_ExitsWithCommandsCode()
    {
        var jit = Jit(_ => Answers.Problem(HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession));

        var result = await jit.RunAsync(Run("exit 0"));

        Assert.Equal(0, result.ExitCode);
        Assert.Single(jit.Requests, "/v1/sessions/current");
        Assert.Equal("jit: session ses_1 had ended already (the command exited with 0); its tokens are revoked and its pending escalations cancelled", result.StderrLines[^1]);
    }

    [Fact]
    public async Task Run_CommandNotFoundAndIssuerUnreachable_Exits127WithBothLines()
    {
        var jit = Jit(_ => throw new HttpRequestException("Connection refused"));

        var result = await jit.RunAsync([.. Run("exit 0")[..^3], "jit-no-such-command"]);

        Assert.Equal(127, result.ExitCode);
        Assert.Collection(result.StderrLines,
            l => Assert.Equal("jit: not_found: 'jit-no-such-command' was not found (is it on PATH?)", l),
            l => Assert.StartsWith("jit: unavailable: could not end session ses_1 (", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_SessionNotStarted_RunsNothing()
    {
        var jit = new StubbedJit(new StubHandler(_ => Answers.Problem(HttpStatusCode.Forbidden, ErrorCodes.AccessDenied, "jit.requester is needed"))).AsAuditor();

        var result = await jit.RunAsync(Run("echo ran"));

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal("jit: access_denied: jit.requester is needed", Assert.Single(result.StderrLines));
        Assert.Equal(["/v1/sessions"], jit.Requests);
    }

    private static string[] Run(string script)
        => ["run", "--agent", "demo", "--env", "staging", "--purpose", "run a command as the agent", "--", "sh", "-c", script];

    /// <summary>An issuer that starts the session and answers its end with <paramref name="end"/>.</summary>
    private static StubbedJit Jit(Func<HttpRequestMessage, HttpResponseMessage> end)
        => new StubbedJit(new StubHandler(request => request.Method == HttpMethod.Post
            ? Answers.Json(HttpStatusCode.Created, Started)
            : end(request))).AsAuditor();
}
