using System.Text.Json;
using System.Text.RegularExpressions;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Cli.Tests.Support;

namespace JitTokens.Cli.Tests;

/// <summary>
/// Escalations end to end against the real dev server and the repository's catalog: db:write in
/// production needs 1 approval from dba (alice, dana); volume:delete in production needs 2 from
/// infra (bob, carol). The agent's shell holds only its session token; approvers log in themselves.
/// </summary>
public sealed partial class EscalationCommandTests(DevServerFixture fixture) : IClassFixture<DevServerFixture>
{
    private const string Purpose = "apply migration 0042 for OPS-17";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TokenWait_ApprovedByAnotherDba_PrintsOnlyTheTokenAndExitsZero()
    {
        var agent = await AgentAsync("db:write");
        var waiting = JitProcess.RunAsync(agent.Environment, null, "token", "--scope", "db:write", "--env", "production", "--purpose", Purpose, "--wait");
        var id = await PendingIdAsync(agent);
        var dana = await ApproverAsync("dana");

        var approve = await dana.RunAsync("approve", id, "--comment", "OPS-17 reviewed");
        var result = await waiting;

        Assert.Equal(0, approve.ExitCode);
        Assert.Equal([$"escalation: {id}", "status:     approved", "decided_by: dana", "approvals:  1/1 (dana)", "comment:    OPS-17 reviewed"], approve.StdoutLines.Take(5));
        Assert.Equal(0, result.ExitCode);
        var jwt = Assert.Single(result.StdoutLines);
        Assert.Equal(jwt + "\n", result.Stdout);
        Assert.True(Jwt.IsCompactJws(jwt), result.ToString());
        Assert.Equal(("db:write", "production"), (Jwt.Payload(jwt).GetProperty("scope").GetString(), Jwt.Payload(jwt).GetProperty("env").GetString()));
        // Whether a "waiting for approval" line came first depends on who was faster; the in-process tests watch for it.
        Assert.StartsWith($"jit: escalation {id} for db:write in production needs human approval; waiting", result.StderrLines[0], StringComparison.Ordinal);
        Assert.Contains($"jit: escalation {id} was approved by dana", result.StderrLines);
        Assert.Matches("^jit: token tok_", result.StderrLines[^2]);
        Assert.DoesNotContain(jwt, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(agent[EnvironmentVariables.SessionToken]!, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenWait_TwoApprovalsNeeded_ShowsEachApprovalThenPrintsTheToken()
    {
        var agent = await AgentAsync("volume:delete");
        using var waiting = BackgroundJit.Start(agent, Cancel, "token", "--scope", "volume:delete", "--env", "production", "--purpose", "delete the scratch volume", "--target", "vol-7", "--wait");
        var id = IdIn(await waiting.Stderr.WaitForLineAsync(l => l.Contains("needs 2 approvals from infra, 0 so far", StringComparison.Ordinal)));
        var bob = await ApproverAsync("bob");
        var carol = await ApproverAsync("carol");

        var first = await bob.RunAsync("approve", id);
        await waiting.Stderr.WaitForLineAsync(l => l.Contains($"{id} needs 2 approvals from infra, 1 so far (bob)", StringComparison.Ordinal));
        var second = await carol.RunAsync("approve", id, "--comment", "vol-7 is scratch");
        var result = await waiting.CompletedAsync();

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("status:     pending", first.StdoutLines);
        Assert.Contains("approvals:  1/2 (bob)", first.StdoutLines);
        Assert.DoesNotContain(first.StdoutLines, l => l.StartsWith("decided_by:", StringComparison.Ordinal));
        Assert.Contains("status:     approved", second.StdoutLines);
        Assert.Contains("decided_by: carol", second.StdoutLines);
        Assert.Contains("approvals:  2/2 (bob, carol)", second.StdoutLines);
        Assert.Equal(0, result.ExitCode);
        var claims = Jwt.Payload(Assert.Single(result.StdoutLines));
        Assert.Equal(("volume:delete", "vol-7", "once"), (claims.GetProperty("scope").GetString(), claims.GetProperty("target").GetString(), claims.GetProperty("use").GetString()));
        Assert.Contains($"jit: escalation {id} was approved by bob, carol", result.StderrLines);
        Assert.Single(result.StderrLines, l => l.Contains("0 so far", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TokenWait_Denied_ExitsThreeNamingWhoDeniedAndWhy()
    {
        var agent = await AgentAsync("db:write");
        using var waiting = BackgroundJit.Start(agent, Cancel, "token", "--scope", "db:write", "--env", "production", "--purpose", Purpose, "--wait");
        var id = IdIn(await waiting.Stderr.WaitForLineAsync(l => l.Contains("waiting for approval:", StringComparison.Ordinal)));
        var dana = await ApproverAsync("dana");

        var deny = await dana.RunAsync("deny", id, "--comment", "not during the freeze");
        var result = await waiting.CompletedAsync();

        Assert.Equal(0, deny.ExitCode);
        Assert.Contains("status:     denied", deny.StdoutLines);
        Assert.Contains("decided_by: dana", deny.StdoutLines);
        Assert.Contains("approvals:  0/1", deny.StdoutLines);
        Assert.Equal(3, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal("jit: access_denied: denied by dana: not during the freeze", result.StderrLines[^1]);
    }

    [Fact]
    public async Task TokenWait_Interrupted_Exits130LeavesItPendingAndSaysHowToResume()
    {
        var agent = await AgentAsync("db:write");
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        using var waiting = BackgroundJit.Start(agent, interrupt.Token, "token", "--scope", "db:write", "--env", "production", "--purpose", Purpose, "--wait");
        var id = IdIn(await waiting.Stderr.WaitForLineAsync(l => l.Contains("waiting for approval:", StringComparison.Ordinal)));

        await interrupt.CancelAsync();
        var result = await waiting.CompletedAsync();
        var still = await agent.RunAsync("escalations", "--pending");

        Assert.Equal(130, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal($"jit: cancelled: stopped waiting; escalation {id} is unchanged on the server; resume with: jit token --escalation {id} --wait", result.StderrLines[^1]);
        Assert.Contains(still.StdoutLines, l => l.StartsWith(id + " ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Token_WithoutWait_ExitsThreeAndTheEscalationCanBeRedeemedOnceAfterApproval()
    {
        var agent = await AgentAsync("db:write");
        var asked = await agent.RunAsync("token", "--scope", "db:write", "--env", "production", "--purpose", Purpose);
        var id = IdIn(Assert.Single(asked.StderrLines));
        var early = await agent.RunAsync("token", "--escalation", id);
        var dana = await ApproverAsync("dana");
        Assert.Equal(0, (await dana.RunAsync("approve", id)).ExitCode);

        var redeemed = await agent.RunAsync("token", "--escalation", id);
        var again = await agent.RunAsync("token", "--escalation", id);

        Assert.Equal(3, asked.ExitCode);
        Assert.EndsWith($"to wait for the decision and get the token: jit token --escalation {id} --wait", asked.StderrLines[0], StringComparison.Ordinal);
        Assert.Equal(3, early.ExitCode);
        Assert.StartsWith("jit: authorization_pending: ", Assert.Single(early.StderrLines), StringComparison.Ordinal);
        Assert.Equal(0, redeemed.ExitCode);
        Assert.True(Jwt.IsCompactJws(Assert.Single(redeemed.StdoutLines)), redeemed.ToString());
        Assert.Equal(3, again.ExitCode);
        Assert.Empty(again.Stdout);
        Assert.StartsWith("jit: invalid_grant: already redeemed", Assert.Single(again.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenEscalationWait_ResumesAnEarlierRequestAndGetsTheToken()
    {
        var agent = await AgentAsync("db:write");
        var id = IdIn((await agent.RunAsync("token", "--scope", "db:write", "--env", "production", "--purpose", Purpose)).StderrLines[0]);
        using var waiting = BackgroundJit.Start(agent, Cancel, "token", "--escalation", id, "--wait");
        await waiting.Stderr.WaitForLineAsync(l => l.Contains($"waiting for approval: {id}", StringComparison.Ordinal));
        var dana = await ApproverAsync("dana");

        Assert.Equal(0, (await dana.RunAsync("approve", id)).ExitCode);
        var result = await waiting.CompletedAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.True(Jwt.IsCompactJws(Assert.Single(result.StdoutLines)), result.ToString());
    }

    [Fact]
    public async Task Escalations_Pending_ListsTheRequestForApproversAndForItsSession()
    {
        var agent = await AgentAsync("db:write");
        var id = IdIn((await agent.RunAsync("token", "--scope", "db:write", "--env", "production", "--purpose", Purpose)).StderrLines[0]);
        var dana = await ApproverAsync("dana");

        var byApprover = await dana.RunAsync("escalations", "--pending");
        var bySession = await agent.RunAsync("escalations");
        var json = await dana.RunAsync("escalations", "--pending", "--json");

        Assert.Equal(0, byApprover.ExitCode);
        Assert.Equal(["ID", "STATUS", "SCOPE", "ENV", "AGENT", "OWNER", "APPROVALS", "EXPIRES"], Cells(byApprover.StdoutLines[0]));
        var row = Cells(Assert.Single(byApprover.StdoutLines, l => l.StartsWith(id + " ", StringComparison.Ordinal)));
        Assert.Equal([id, "pending", "db:write", "production", "demo", "alice", "0/1"], row[..7]);
        Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$", row[7]);
        Assert.Equal(2, bySession.StdoutLines.Count);
        Assert.StartsWith(id + " ", bySession.StdoutLines[1], StringComparison.Ordinal);
        var list = JsonSerializer.Deserialize(json.Stdout, JitJsonContext.Default.EscalationList)!;
        Assert.Equal(("dba", Purpose), list.Escalations.Single(e => e.EscalationId == id) is var e ? (e.ApprovalGroup, e.Purpose) : default);
    }

    [Fact]
    public async Task Escalations_PendingAfterTheDecision_LeavesItOut()
    {
        var agent = await AgentAsync("db:write");
        var id = IdIn((await agent.RunAsync("token", "--scope", "db:write", "--env", "production", "--purpose", Purpose)).StderrLines[0]);
        var dana = await ApproverAsync("dana");
        Assert.Equal(0, (await dana.RunAsync("deny", id)).ExitCode);

        var pending = await agent.RunAsync("escalations", "--pending");
        var all = await agent.RunAsync("escalations");

        Assert.Equal(0, pending.ExitCode);
        Assert.Empty(pending.Stdout);
        Assert.Equal("jit: no pending escalations", Assert.Single(pending.StderrLines));
        Assert.Equal([id, "denied"], Cells(all.StdoutLines[1])[..2]);
    }

    [Fact]
    public async Task Approve_AsTheSessionOwner_ExitsThreeSelfApprovalForbidden()
    {
        var (agent, owner) = await AgentAndOwnerAsync("db:write");
        var id = IdIn((await agent.RunAsync("token", "--scope", "db:write", "--env", "production", "--purpose", Purpose)).StderrLines[0]);

        var result = await owner.RunAsync("approve", id);

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.StartsWith("jit: self_approval_forbidden: alice owns the session", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_Twice_SecondExitsThreeAlreadyDecided()
    {
        var agent = await AgentAsync("db:write");
        var id = IdIn((await agent.RunAsync("token", "--scope", "db:write", "--env", "production", "--purpose", Purpose)).StderrLines[0]);
        var dana = await ApproverAsync("dana");

        var first = await dana.RunAsync("approve", id);
        var second = await dana.RunAsync("approve", id);
        var deny = await dana.RunAsync("deny", id);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(3, second.ExitCode);
        Assert.Equal("jit: already_decided: the escalation is already approved by dana", Assert.Single(second.StderrLines));
        Assert.Equal(3, deny.ExitCode);
        Assert.StartsWith("jit: already_decided: ", Assert.Single(deny.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_OutsideTheScopesGroup_ExitsThreeNotAnApprover()
    {
        var agent = await AgentAsync("db:write");
        var id = IdIn((await agent.RunAsync("token", "--scope", "db:write", "--env", "production", "--purpose", Purpose)).StderrLines[0]);
        var bob = await ApproverAsync("bob");

        var result = await bob.RunAsync("approve", id);

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("jit: not_an_approver: bob is not in the approver group 'dba'", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_WithoutTheApproverRole_ExitsThreeAccessDenied()
    {
        var agent = await AgentAsync("db:write");
        var id = IdIn((await agent.RunAsync("token", "--scope", "db:write", "--env", "production", "--purpose", Purpose)).StderrLines[0]);
        var dana = new JitShell(fixture.Url);
        await dana.EvalAsync("login", "--dev", "dana", "--role", JitRoles.Requester);

        var result = await dana.RunAsync("approve", id);

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("jit: access_denied: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_WithASessionTokenPassedAsTheHumanToken_IsRefusedAndNeverEchoed()
    {
        var agent = await AgentAsync("db:write");
        var id = IdIn((await agent.RunAsync("token", "--scope", "db:write", "--env", "production", "--purpose", Purpose)).StderrLines[0]);
        agent.Environment[EnvironmentVariables.HumanToken] = agent[EnvironmentVariables.SessionToken]!;

        var result = await agent.RunAsync("approve", id);

        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("jit: access_denied: agents never approve", line, StringComparison.Ordinal);
        Assert.DoesNotContain("jits_", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_UnknownId_ExitsTwo()
    {
        var dana = await ApproverAsync("dana");

        var result = await dana.RunAsync("approve", "esc_doesnotexist");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("jit: invalid_request: no escalation 'esc_doesnotexist'", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_CommentTheServerRefuses_ExitsTwo()
    {
        var agent = await AgentAsync("db:write");
        var id = IdIn((await agent.RunAsync("token", "--scope", "db:write", "--env", "production", "--purpose", Purpose)).StderrLines[0]);
        var dana = await ApproverAsync("dana");

        var result = await dana.RunAsync("approve", id, "--comment", new string('x', 501));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("jit: invalid_request: comment must be at most 500 characters", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    /// <summary>The agent's shell: a session of alice's in production, holding only the session token (as <c>jit run</c> would).</summary>
    private async Task<JitShell> AgentAsync(params string[] scopes) => (await AgentAndOwnerAsync(scopes)).Agent;

    private async Task<(JitShell Agent, JitShell Owner)> AgentAndOwnerAsync(params string[] scopes)
    {
        var owner = await JitShell.WithSessionAsync(fixture.Url, "alice", "production", scopes);
        var agent = new JitShell(fixture.Url);
        agent.Environment[EnvironmentVariables.SessionToken] = owner[EnvironmentVariables.SessionToken]!;
        agent.Environment[EnvironmentVariables.SessionId] = owner[EnvironmentVariables.SessionId]!;
        return (agent, owner);
    }

    private async Task<JitShell> ApproverAsync(string user)
    {
        var shell = new JitShell(fixture.Url);
        await shell.EvalAsync("login", "--dev", user, "--role", JitRoles.Approver);
        return shell;
    }

    /// <summary>The session's one pending escalation, once the request in flight has made it (a real process cannot be watched line by line).</summary>
    private static async Task<string> PendingIdAsync(JitShell agent)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var list = await agent.RunAsync("escalations", "--pending", "--json");
            if (list.ExitCode == 0 && JsonSerializer.Deserialize(list.Stdout, JitJsonContext.Default.EscalationList)!.Escalations is [var only])
            {
                return only.EscalationId;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }

    private static string IdIn(string line) => EscalationId().Match(line) is { Success: true } m ? m.Value : throw new InvalidOperationException($"no escalation id in: {line}");

    private static string[] Cells(string row) => row.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex("esc_[A-Za-z0-9_-]+")]
    private static partial Regex EscalationId();
}
