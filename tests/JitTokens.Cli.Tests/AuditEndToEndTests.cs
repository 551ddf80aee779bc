using System.Diagnostics;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Cli.Tests.Support;

namespace JitTokens.Cli.Tests;

/// <summary>
/// <c>jit audit</c> against the real dev server: what a session did shows in the log for an auditor,
/// the server's export verifies offline with the JWKS it publishes, and a tampered copy does not.
/// </summary>
public sealed class AuditEndToEndTests(DevServerFixture fixture) : IClassFixture<DevServerFixture>, IDisposable
{
    private const string Purpose = "read orders for OPS-17";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("jit-audit-e2e-");

    [Fact]
    public async Task Audit_AsAuditor_ShowsWhatTheSessionDidInOrder()
    {
        var sessionId = await ActivityAsync();
        var audrey = await AuditorAsync();

        var table = await audrey.RunAsync("audit", "--session", sessionId);
        var json = await audrey.RunAsync("audit", "--session", sessionId, "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Matches("^TIME +SEQ +TYPE +ACTOR +AGENT +SCOPE +ENV +OUTCOME +ID$", table.StdoutLines[0]);
        Assert.Equal([AuditEventTypes.SessionStarted, AuditEventTypes.TokenIssued, AuditEventTypes.TokenDenied, AuditEventTypes.SessionEnded, AuditEventTypes.TokenRevoked],
            table.StdoutLines.Skip(1).Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries)[2].Trim()));
        Assert.Matches(@"token\.denied +agent:demo +demo +db:write +staging +scope_not_allowed +ses_", table.StdoutLines[3]);
        var events = json.StdoutLines.Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditEvent)!).ToList();
        Assert.Equal(events.Select(e => e.Seq).Order(), events.Select(e => e.Seq));
        Assert.All(events, e => Assert.Equal((sessionId, "alice", "demo"), (e.SessionId, e.Owner, e.Agent)));
        Assert.StartsWith("tok_", events[1].TokenId, StringComparison.Ordinal);
        Assert.DoesNotContain("jits_", json.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", json.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_TypeFilter_ShowsOnlyThatType()
    {
        var sessionId = await ActivityAsync();
        var audrey = await AuditorAsync();

        var result = await audrey.RunAsync("audit", "--type", "token.denied", "--session", sessionId, "--json");

        Assert.Equal(0, result.ExitCode);
        var denied = JsonSerializer.Deserialize(Assert.Single(result.StdoutLines), JitJsonContext.Default.AuditEvent)!;
        Assert.Equal((ErrorCodes.ScopeNotAllowed, "db:write"), (denied.Error, denied.Scope));
    }

    [Fact]
    public async Task Audit_LimitAndAfter_PageThroughTheLog()
    {
        await ActivityAsync();
        var audrey = await AuditorAsync();

        var first = await audrey.RunAsync("audit", "--limit", "2", "--json");
        var cursor = first.StderrLines.Single()[(first.StderrLines.Single().IndexOf("--after ", StringComparison.Ordinal) + 8)..].Split(' ')[0];
        var next = await audrey.RunAsync("audit", "--limit", "2", "--after", cursor, "--json");

        Assert.Equal([1L, 2L], first.StdoutLines.Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditEvent)!.Seq));
        Assert.Equal([3L, 4L], next.StdoutLines.Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditEvent)!.Seq));
    }

    [Fact]
    public async Task Audit_AsARequesterOrApprover_IsDeniedWithExitThree()
    {
        var alice = new JitShell(fixture.Url);
        await alice.EvalAsync("login", "--dev", "alice");

        var result = await alice.RunAsync("audit");

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.StartsWith("jit: access_denied: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TheServersOwnCheck_IsValidWithTheHead()
    {
        await ActivityAsync();
        var audrey = await AuditorAsync();

        var result = await audrey.RunAsync("audit", "--verify");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("valid: true", result.StdoutLines[0]);
        Assert.Matches("^events: [1-9][0-9]*$", result.StdoutLines[1]);
        Assert.Matches("^head: [0-9a-f]{64}$", result.StdoutLines[2]);
    }

    [Fact]
    public async Task Export_VerifiesOfflineWithThePublishedJwks_AndATamperedCopyDoesNot()
    {
        await ActivityAsync();
        var audrey = await AuditorAsync();
        var export = await SignedExportAsync(audrey);
        var jwks = await FetchJwksAsync();
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var events = lines.Count(l => !l.Contains("\"jws\":", StringComparison.Ordinal));

        var intact = await VerifyOfflineAsync(lines, jwks);
        var changed = await VerifyOfflineAsync(lines.Select((l, i) => i == 2 ? l.Replace("\"agent\":\"demo\"", "\"agent\":\"someone-else\"", StringComparison.Ordinal) : l), jwks);
        var cut = await VerifyOfflineAsync(lines.Where((_, i) => i != events - 1), jwks);
        var forged = await VerifyOfflineAsync(lines, """{"keys":[{"kty":"EC","crv":"P-256","kid":"other","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}""");

        Assert.True(intact.ExitCode == 0, intact.ToString());
        Assert.Equal(["valid: true", $"events: {events}"], intact.StdoutLines.Take(2));
        Assert.Contains($"signed_through: {events}", intact.StdoutLines);
        Assert.Empty(intact.Stderr);
        Assert.Equal(3, changed.ExitCode);
        Assert.Contains("first_bad_seq: 3", changed.StdoutLines);
        Assert.Equal(3, cut.ExitCode);
        Assert.Contains($"first_bad_seq: {events}", cut.StdoutLines);
        Assert.Equal(3, forged.ExitCode);
        Assert.Contains("which the JWKS does not hold", forged.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Follow_PrintsANewEventWithinAboutASecondAndExits130OnCtrlC()
    {
        var audrey = await AuditorAsync();
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var following = BackgroundJit.Start(audrey, interrupt.Token, "audit", "--follow", "--type", "session.started", "--json");
        await following.Stderr.WaitForLineAsync(l => l.Contains("following the issuance log", StringComparison.Ordinal));

        var sessionId = await ActivityAsync();
        var line = await following.Stdout.WaitForLineAsync(l => l.Contains(sessionId, StringComparison.Ordinal));
        await interrupt.CancelAsync();
        var result = await following.CompletedAsync();

        Assert.Equal(AuditEventTypes.SessionStarted, JsonSerializer.Deserialize(line, JitJsonContext.Default.AuditEvent)!.Type);
        Assert.Equal(130, result.ExitCode);
        Assert.StartsWith("jit: cancelled: stopped following; to go on from here, run it again with --after ", result.StderrLines[^1], StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>alice's session for agent demo: a token issued, one denied, then the session ended. Returns its id.</summary>
    private async Task<string> ActivityAsync()
    {
        var alice = await JitShell.WithSessionAsync(fixture.Url, "alice", "staging", "db:read");
        Assert.Equal(0, (await alice.RunAsync("token", "--scope", "db:read", "--env", "staging", "--purpose", Purpose)).ExitCode);
        Assert.Equal(3, (await alice.RunAsync("token", "--scope", "db:write", "--env", "staging", "--purpose", Purpose)).ExitCode);
        Assert.Equal(0, (await alice.RunAsync("session", "end")).ExitCode);
        return alice[EnvironmentVariables.SessionId]!;
    }

    private async Task<JitShell> AuditorAsync()
    {
        var audrey = new JitShell(fixture.Url);
        await audrey.EvalAsync("login", "--dev", "audrey", "--role", "jit.auditor");
        return audrey;
    }

    /// <summary>The real jit binary's <c>--export</c>, once a checkpoint signs the last event (the server signs every second here).</summary>
    private async Task<string> SignedExportAsync(JitShell auditor)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var result = await JitProcess.RunAsync(auditor.Environment, _folder.FullName, "audit", "--export");
            Assert.True(result.ExitCode == 0, result.ToString());
            var lines = result.StdoutLines;
            var last = lines.Last(l => !l.Contains("\"jws\":", StringComparison.Ordinal));
            var seq = JsonSerializer.Deserialize(last, JitJsonContext.Default.AuditEvent)!.Seq;
            if (lines.Any(l => l.Contains("\"jws\":", StringComparison.Ordinal) && JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditCheckpoint)!.Seq == seq))
            {
                return result.Stdout;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), $"no checkpoint signed seq {seq} within 20 s");
            await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
        }
    }

    private async Task<string> FetchJwksAsync()
    {
        using var http = new HttpClient { BaseAddress = fixture.Url };
        return await http.GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative), TestContext.Current.CancellationToken);
    }

    private async Task<CliResult> VerifyOfflineAsync(IEnumerable<string> lines, string jwks)
    {
        var name = Guid.NewGuid().ToString("N");
        var file = Path.Combine(_folder.FullName, name + ".ndjson");
        var keys = Path.Combine(_folder.FullName, name + ".jwks.json");
        await File.WriteAllTextAsync(file, string.Join('\n', lines) + "\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(keys, jwks, TestContext.Current.CancellationToken);

        // Offline: no URL that answers and no credential.
        return await new JitShell(new Uri($"http://127.0.0.1:{FreePort.Next()}")).RunAsync("audit", "verify", "--file", file, "--jwks", keys);
    }
}
