using JitTokens.Abstractions;
using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Cli.Tests.Support;
using JitTokens.Client.Tests.Support;

namespace JitTokens.Client.Tests;

/// <summary>The issuance log calls against the real dev server: the wire contract as the server speaks it.</summary>
public sealed class AuditClientTests(DevServerFixture fixture) : ServerClientTestBase(fixture)
{
    [Fact]
    public async Task ListAudit_AsAuditor_ReturnsTheSessionsEventsInLogOrder()
    {
        var session = await ActivityAsync();
        var auditor = await LoginAsync(NewUser("audrey"), JitRoles.Auditor);

        var page = await Client.ListAuditEventsAsync(auditor, new AuditQuery { SessionId = session }, Cancel);

        Assert.True(page.IsSuccess, page.Problem?.Detail);
        Assert.Equal([AuditEventTypes.SessionStarted, AuditEventTypes.TokenIssued, AuditEventTypes.SessionEnded, AuditEventTypes.TokenRevoked], page.Value.Events.Select(e => e.Type));
        Assert.Equal(page.Value.Events.Select(e => e.Seq).Order(), page.Value.Events.Select(e => e.Seq));
        Assert.False(string.IsNullOrEmpty(page.Value.Next));
    }

    [Fact]
    public async Task ListAudit_AsRequester_IsAccessDenied()
    {
        var human = await LoginAsync(NewUser("alice"), JitRoles.Requester);

        var page = await Client.ListAuditEventsAsync(human, cancellationToken: Cancel);

        Assert.Equal((403, ErrorCodes.AccessDenied), (page.Status, page.Problem!.Error));
    }

    [Fact]
    public async Task ListAudit_BadFilter_IsInvalidRequest()
    {
        var auditor = await LoginAsync(NewUser("audrey"), JitRoles.Auditor);

        var page = await Client.ListAuditEventsAsync(auditor, new AuditQuery { After = "not-a-cursor" }, Cancel);

        Assert.Equal((400, ErrorCodes.InvalidRequest), (page.Status, page.Problem!.Error));
    }

    [Fact]
    public async Task FollowAudit_YieldsEventsAsTheyAreWritten()
    {
        var auditor = await LoginAsync(NewUser("audrey"), JitRoles.Auditor);
        var owner = NewUser("olga");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        stop.CancelAfter(TimeSpan.FromSeconds(30));
        var following = FirstPageAsync(Client.FollowAuditEventsAsync(auditor, new AuditQuery { Owner = owner }, cancellationToken: stop.Token));

        var session = await StartAsync(await LoginAsync(owner, JitRoles.Requester));
        var page = await following;

        Assert.True(page.IsSuccess, page.Problem?.Detail);
        var started = Assert.Single(page.Value.Events);
        Assert.Equal((AuditEventTypes.SessionStarted, owner, session.SessionId), (started.Type, started.Owner, started.SessionId));
    }

    [Fact]
    public async Task VerifyAudit_OnAnIntactLog_IsValidWithTheHead()
    {
        await ActivityAsync();
        var auditor = await LoginAsync(NewUser("audrey"), JitRoles.Auditor);

        var result = await Client.VerifyAuditAsync(auditor, Cancel);

        Assert.True(result.IsSuccess, result.Problem?.Detail);
        Assert.True(result.Value.Valid, result.Value.Reason);
        Assert.Matches("^[0-9a-f]{64}$", result.Value.Head);
        Assert.Equal(result.Value.Events, result.Value.HeadSeq);
    }

    [Fact]
    public async Task ExportAudit_StreamsTheChainThenCheckpoints_AndTheChainVerifies()
    {
        await ActivityAsync();
        var auditor = await LoginAsync(NewUser("audrey"), JitRoles.Auditor);
        using var destination = new StringWriter();

        var result = await Client.ExportAuditAsync(auditor, destination, cancellationToken: Cancel);

        Assert.True(result.IsSuccess, result.Problem?.Detail);
        var lines = destination.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(result.Value, lines.Length);
        var events = lines.TakeWhile(l => !l.Contains("\"jws\":", StringComparison.Ordinal))
            .Select(l => System.Text.Json.JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditEvent)!).ToList();
        Assert.All(lines.Skip(events.Count), l => Assert.Contains("\"jws\":", l, StringComparison.Ordinal));
        Assert.True(AuditChain.Verify(events, AuditChain.Genesis).Valid);
    }

    private static async Task<JitResult<AuditEventList>> FirstPageAsync(IAsyncEnumerable<JitResult<AuditEventList>> pages)
    {
        await foreach (var page in pages)
        {
            return page;
        }

        throw new InvalidOperationException("following ended without a page");
    }

    /// <summary>A session with one token, ended. Returns the session id.</summary>
    private async Task<string> ActivityAsync()
    {
        var human = await LoginAsync("alice", JitRoles.Requester);
        var session = await StartAsync(human, ["db:read"]);
        var token = await Client.RequestTokenAsync(session.SessionToken, Ask("db:read"), Cancel);
        Assert.True(token.IsSuccess, token.Problem?.Detail);
        Assert.True((await Client.EndCurrentSessionAsync(session.SessionToken, Cancel)).IsSuccess);
        return session.SessionId;
    }
}
