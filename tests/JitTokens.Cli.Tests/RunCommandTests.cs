using System.Diagnostics;
using System.Globalization;
using JitTokens.Cli.Run;
using JitTokens.Cli.Tests.Support;
using JitTokens.Client;

namespace JitTokens.Cli.Tests;

/// <summary>
/// <c>jit run</c> as a real process against the real dev server, with real commands (<c>sh -c</c>):
/// what the command sees, what jit passes back, and that the session ends however the command ends.
/// </summary>
public sealed class RunCommandTests(DevServerFixture fixture) : IClassFixture<DevServerFixture>
{
    /// <summary>Not handled by jit, nor by anything: jit dies at once, without ending the session.</summary>
    private const int SigKill = 9;

    /// <summary>Prints the session token for the test to check afterwards (the token is the command's to print, never jit's).</summary>
    private const string PrintToken = "printf '%s\\n' \"$JIT_SESSION_TOKEN\"";

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(42)]
    public async Task Run_CommandExits_ExitsWithItsCodeAndEndsTheSession(int code)
    {
        var environment = await HumanAsync();

        var result = await JitProcess.RunAsync(environment, null, Run($"{PrintToken}; exit {code}"));

        Assert.Equal(code, result.ExitCode);
        var sessionToken = Assert.Single(result.StdoutLines);
        Assert.StartsWith("jits_", sessionToken, StringComparison.Ordinal);
        Assert.Equal(401, await CurrentSessionStatusAsync(sessionToken));
        Assert.Matches($"^jit: session ses_[A-Za-z0-9_-]+ ended \\(the command exited with {code}\\); its tokens are revoked", result.StderrLines[^1]);
    }

    [Fact]
    public async Task Run_Command_SeesSessionTokenAndUrlAndNoHumanCredential()
    {
        var environment = await HumanAsync();
        environment[EnvironmentVariables.SessionToken] = "jits_" + new string('O', 43);
        environment[EnvironmentVariables.SessionId] = "ses_earlier";
        environment["JIT_OTHER"] = "the human's too";

        var result = await JitProcess.RunAsync(environment, null, Run("env"));

        Assert.Equal(0, result.ExitCode);
        var jitVariables = result.StdoutLines
            .Where(l => l.StartsWith("JIT_", StringComparison.OrdinalIgnoreCase))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        Assert.Equal([EnvironmentVariables.SessionId, EnvironmentVariables.SessionToken, EnvironmentVariables.Url], jitVariables.Keys.Order(StringComparer.Ordinal));
        Assert.Matches("^jits_[A-Za-z0-9_-]{43}$", jitVariables[EnvironmentVariables.SessionToken]);
        Assert.NotEqual(environment[EnvironmentVariables.SessionToken], jitVariables[EnvironmentVariables.SessionToken]);
        Assert.StartsWith("ses_", jitVariables[EnvironmentVariables.SessionId], StringComparison.Ordinal);
        Assert.NotEqual("ses_earlier", jitVariables[EnvironmentVariables.SessionId]);
        Assert.Equal(fixture.Url.AbsoluteUri.TrimEnd('/'), jitVariables[EnvironmentVariables.Url]);
        Assert.DoesNotContain(environment[EnvironmentVariables.HumanToken], result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Command_GetsAnAccessTokenWithTheSessionAlone()
    {
        var environment = await HumanAsync();
        var token = $"dotnet '{RepositoryPaths.JitDll}' token --scope db:read --env staging --purpose 'read orders for OPS-17'";

        var result = await JitProcess.RunAsync(environment, null, Run(token));

        Assert.Equal(0, result.ExitCode);
        Assert.True(Jwt.IsCompactJws(Assert.Single(result.StdoutLines)), result.ToString());
    }

    [Fact]
    public async Task Run_Command_StartsWithSigPipeAtItsDefault()
    {
        var environment = await HumanAsync();

        // .NET ignores SIGPIPE and its children would inherit that: yes would get EPIPE and exit 1.
        var result = await JitProcess.RunAsync(environment, null,
            ["run", "--agent", "demo", "--env", "staging", "--purpose", "run a command as the agent", "--", "bash", "-c", "yes | head -1 > /dev/null; echo \"${PIPESTATUS[0]}\""]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["141"], result.StdoutLines);
    }

    [Theory]
    [InlineData(Libc.SigTerm)]
    [InlineData(Libc.SigInt)]
    [InlineData(Libc.SigHup)]
    public async Task Run_JitSignalled_PassesItOnWaitsAndEndsTheSession(int signal)
    {
        var environment = await HumanAsync();
        await using var jit = RunningJit.Start(environment, Run($"{PrintToken}; exec sleep 30"));
        var sessionToken = await jit.Stdout.WaitForLineAsync(l => l.StartsWith("jits_", StringComparison.Ordinal));
        Assert.Equal(200, await CurrentSessionStatusAsync(sessionToken));

        jit.Signal(signal);
        var result = await jit.CompletedAsync();

        // sleep dies of the signal jit passed on; jit reports that as a shell would and ends the session.
        Assert.Equal(128 + signal, result.ExitCode);
        Assert.Equal(401, await CurrentSessionStatusAsync(sessionToken));
        Assert.EndsWith($"ended (the command exited with {128 + signal}); its tokens are revoked and its pending escalations cancelled", result.StderrLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CommandKilledBySignal_Exits128PlusSignal()
    {
        var environment = await HumanAsync();

        var result = await JitProcess.RunAsync(environment, null, Run($"{PrintToken}; kill -KILL $$"));

        Assert.Equal(128 + 9, result.ExitCode);
        Assert.Equal(401, await CurrentSessionStatusAsync(Assert.Single(result.StdoutLines)));
    }

    [Fact]
    public async Task Run_CommandNotFound_Exits127WithOneLineAndEndsTheSession()
    {
        var environment = await HumanAsync();

        var result = await JitProcess.RunAsync(environment, null, "run", "--agent", "demo", "--env", "staging", "--purpose", "run a command that is not there", "--", "jit-no-such-command");

        Assert.Equal(127, result.ExitCode);
        Assert.Empty(result.Stdout);
        var line = Assert.Single(result.StderrLines);
        Assert.Matches("^jit: not_found: 'jit-no-such-command' was not found \\(is it on PATH\\?\\); session ses_[A-Za-z0-9_-]+ ended unused$", line);
        Assert.False(await IsActiveAsync(environment, line.Split(' ').Single(w => w.StartsWith("ses_", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Run_WritesNoFileAndPrintsNoCredential()
    {
        var home = Directory.CreateTempSubdirectory("jit-home-");
        var work = Directory.CreateTempSubdirectory("jit-work-");
        try
        {
            var environment = await HumanAsync();
            environment["HOME"] = home.FullName;
            environment["XDG_CONFIG_HOME"] = Path.Combine(home.FullName, ".config");
            environment["XDG_DATA_HOME"] = Path.Combine(home.FullName, ".local", "share");
            environment["XDG_STATE_HOME"] = Path.Combine(home.FullName, ".local", "state");
            environment["XDG_CACHE_HOME"] = Path.Combine(home.FullName, ".cache");
            environment["DOTNET_CLI_HOME"] = home.FullName;
            environment["TMPDIR"] = home.FullName;

            var result = await JitProcess.RunAsync(environment, work.FullName, Run("test -n \"$JIT_SESSION_TOKEN\" && test -z \"$JIT_HUMAN_TOKEN\""));

            Assert.Equal(0, result.ExitCode);
            Assert.Empty(result.Stdout);
            Assert.Equal(2, result.StderrLines.Count);
            Assert.DoesNotContain("jits_", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("eyJ", result.Stderr, StringComparison.Ordinal);
            Assert.Empty(home.EnumerateFileSystemInfos("*", SearchOption.AllDirectories));
            Assert.Empty(work.EnumerateFileSystemInfos("*", SearchOption.AllDirectories));
        }
        finally
        {
            home.Delete(recursive: true);
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Run_WithHeartbeat_SessionSurvivesLongerThanTheDuration()
    {
        var environment = await HumanAsync();

        // Had the beats stopped after the first, the session would end 5 s in, at the latest by the sweep at 10 s (sweep every 5 s).
        // The command asks with its own token whether its session still holds after 11 s: jit session show exits 4 if not.
        var result = await JitProcess.RunAsync(environment, null,
            Run($"{PrintToken}; sleep 11; dotnet '{RepositoryPaths.JitDll}' session show > /dev/null", "--heartbeat", "5s"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(401, await CurrentSessionStatusAsync(Assert.Single(result.StdoutLines)));
        Assert.Equal(2, result.StderrLines.Count);
        Assert.Matches("^jit: session ses_[A-Za-z0-9_-]+ ended \\(the command exited with 0\\)", result.StderrLines[^1]);
    }

    [Fact]
    public async Task Run_WithHeartbeat_JitKilledWithSigkill_IssuerEndsTheSession()
    {
        var environment = await HumanAsync();
        await using var jit = RunningJit.Start(environment, Run("printf '%s %s\\n' \"$JIT_SESSION_TOKEN\" $$; exec sleep 30", "--heartbeat", "5s"));
        var line = (await jit.Stdout.WaitForLineAsync(l => l.StartsWith("jits_", StringComparison.Ordinal))).Split(' ');
        var (sessionToken, commandPid) = (line[0], int.Parse(line[1], CultureInfo.InvariantCulture));
        try
        {
            Assert.Equal(200, await CurrentSessionStatusAsync(sessionToken));

            // jit alone, not its command: nothing is left to end the session but the issuer.
            jit.Signal(SigKill);
            var killed = Stopwatch.StartNew();
            while (await CurrentSessionStatusAsync(sessionToken) == 200 && killed.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
            }

            // At most 5 s after the last beat, then at most one sweep interval (5 s); the session's --ttl is 2 h.
            Assert.Equal(401, await CurrentSessionStatusAsync(sessionToken));
            Assert.True(killed.Elapsed < TimeSpan.FromSeconds(15), $"the session ended {killed.Elapsed.TotalSeconds:0.0} s after jit was killed");
            Assert.DoesNotContain("ended (the command exited", jit.Stderr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Libc.Signal(commandPid, SigKill);
        }
    }

    private static string[] Run(string script, params string[] options)
        => ["run", "--agent", "demo", "--env", "staging", "--purpose", "run a command as the agent", .. options, "--", "sh", "-c", script];

    /// <summary>jit's environment: the issuer and a logged-in human (alice).</summary>
    private async Task<Dictionary<string, string>> HumanAsync()
    {
        var shell = new JitShell(fixture.Url);
        await shell.EvalAsync("login", "--dev", "alice");
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [EnvironmentVariables.Url] = fixture.Url.ToString(),
            [EnvironmentVariables.HumanToken] = shell[EnvironmentVariables.HumanToken]!,
        };
    }

    /// <summary><c>GET /v1/sessions/current</c> with the session token: 200 while the session lasts, 401 once it ended.</summary>
    private async Task<int> CurrentSessionStatusAsync(string sessionToken)
    {
        using var http = new HttpClient { BaseAddress = fixture.Url };
        var current = await new JitTokensClient(http).GetCurrentSessionAsync(sessionToken, TestContext.Current.CancellationToken);
        return current.Status;
    }

    private async Task<bool> IsActiveAsync(Dictionary<string, string> environment, string sessionId)
    {
        using var http = new HttpClient { BaseAddress = fixture.Url };
        var sessions = await new JitTokensClient(http).ListSessionsAsync(environment[EnvironmentVariables.HumanToken], activeOnly: false, TestContext.Current.CancellationToken);
        Assert.True(sessions.IsSuccess, sessions.ToString());
        return sessions.Value.Sessions.Single(s => s.SessionId == sessionId).Active;
    }
}
