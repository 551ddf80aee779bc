using System.Net;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Cli.Tests.Support;
using JitTokens.Client.Tests.Support;

namespace JitTokens.Client.Tests;

public sealed class SessionClientTests(DevServerFixture fixture) : ServerClientTestBase(fixture)
{
    [Fact]
    public async Task DevLogin_ReturnsAHumanJwt()
    {
        var result = await Client.DevLoginAsync("alice", cancellationToken: Cancel);

        Assert.True(result.IsSuccess);
        Assert.Equal(200, result.Status);
        Assert.Equal(3, result.Value.Token.Split('.').Length);
    }

    [Fact]
    public async Task DevLogin_UnknownRole_ReturnsInvalidRequest()
    {
        var result = await Client.DevLoginAsync("alice", ["jit.wizard"], Cancel);

        Assert.False(result.IsSuccess);
        Assert.Equal(400, result.Status);
        Assert.Equal(ErrorCodes.InvalidRequest, result.Problem.Error);
        Assert.Contains("jit.wizard", result.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartSession_Returns201WithSessionToken()
    {
        var human = await LoginAsync("alice");

        var result = await Client.StartSessionAsync(human, new StartSessionRequest
        {
            Agent = "cursor-42",
            Environments = ["staging"],
            Scopes = ["db:read", "db:write"],
            TtlSeconds = 3600,
            Purpose = "fix flaky checkout test",
        }, Cancel);

        Assert.True(result.IsSuccess, result.Problem?.Detail);
        Assert.Equal(201, result.Status);
        Assert.StartsWith("jits_", result.Value.SessionToken, StringComparison.Ordinal);
        Assert.StartsWith("ses_", result.Value.SessionId, StringComparison.Ordinal);
        Assert.Equal("alice", result.Value.Owner);
        Assert.Equal(["db:read", "db:write"], result.Value.Scopes);
    }

    [Fact]
    public async Task StartSession_WithoutRequesterRole_ReturnsAccessDenied()
    {
        var auditor = await LoginAsync("audrey", JitRoles.Auditor);

        var result = await Client.StartSessionAsync(auditor, new StartSessionRequest { Agent = "a", Environments = ["staging"], Purpose = "no role to do this" }, Cancel);

        Assert.Equal(403, result.Status);
        Assert.Equal(ErrorCodes.AccessDenied, result.Problem!.Error);
    }

    [Fact]
    public async Task StartSession_UnknownScope_ReturnsInvalidScope()
    {
        var human = await LoginAsync("alice");

        var result = await Client.StartSessionAsync(human, new StartSessionRequest { Agent = "a", Environments = ["staging"], Scopes = ["db:drop"], Purpose = "a scope nobody has" }, Cancel);

        Assert.Equal(400, result.Status);
        Assert.Equal(ErrorCodes.InvalidScope, result.Problem!.Error);
    }

    [Fact]
    public async Task StartSession_TtlOverMaximum_ReturnsTtlTooLongWithLimit()
    {
        var human = await LoginAsync("alice");

        var result = await Client.StartSessionAsync(human, new StartSessionRequest { Agent = "a", Environments = ["staging"], TtlSeconds = 43201, Purpose = "a very long session" }, Cancel);

        Assert.Equal(ErrorCodes.TtlTooLong, result.Problem!.Error);
        Assert.Equal(43200, result.Problem.MaxTtlSeconds);
    }

    [Fact]
    public async Task StartSession_NoHumanToken_ReturnsAccessDenied401()
    {
        var result = await Client.StartSessionAsync("not-a-jwt", new StartSessionRequest { Agent = "a", Environments = ["staging"], Purpose = "who is calling here" }, Cancel);

        Assert.Equal(401, result.Status);
        Assert.Equal(ErrorCodes.AccessDenied, result.Problem!.Error);
    }

    [Fact]
    public async Task GetCurrentSession_ReturnsTheSessionWithoutItsToken()
    {
        var session = await StartAsync(await LoginAsync("alice"), ["db:read"]);

        var result = await Client.GetCurrentSessionAsync(session.SessionToken, Cancel);

        Assert.True(result.IsSuccess);
        Assert.Equal(session.SessionId, result.Value.SessionId);
        Assert.Equal("fix flaky checkout test", result.Value.Purpose);
        Assert.True(result.Value.Active);
    }

    [Fact]
    public async Task GetCurrentSession_UnknownToken_ReturnsInvalidSession()
    {
        var result = await Client.GetCurrentSessionAsync("jits_" + new string('A', 43), Cancel);

        Assert.Equal(401, result.Status);
        Assert.Equal(ErrorCodes.InvalidSession, result.Problem!.Error);
    }

    [Fact]
    public async Task ListSessions_ActiveOnly_LeavesOutEndedSessions()
    {
        var human = await LoginAsync(NewUser("lister"));
        var ended = await StartAsync(human);
        var running = await StartAsync(human);
        Assert.True((await Client.EndCurrentSessionAsync(ended.SessionToken, Cancel)).IsSuccess);

        var active = await Client.ListSessionsAsync(human, activeOnly: true, Cancel);
        var all = await Client.ListSessionsAsync(human, activeOnly: false, Cancel);

        Assert.Equal([running.SessionId], active.Value!.Sessions.Select(s => s.SessionId));
        // Both started within the same second (created_at has whole seconds), so their order is not defined.
        Assert.Equal(new[] { running.SessionId, ended.SessionId }.Order(StringComparer.Ordinal), all.Value!.Sessions.Select(s => s.SessionId).Order(StringComparer.Ordinal));
        Assert.NotNull(all.Value.Sessions.Single(s => s.SessionId == ended.SessionId).EndedAt);
    }

    [Fact]
    public async Task EndCurrentSession_Returns204AndIsIdempotent()
    {
        var session = await StartAsync(await LoginAsync("alice"));

        var first = await Client.EndCurrentSessionAsync(session.SessionToken, Cancel);
        var second = await Client.EndCurrentSessionAsync(session.SessionToken, Cancel);
        var after = await Client.GetCurrentSessionAsync(session.SessionToken, Cancel);

        Assert.Equal((true, 204), (first.Value, first.Status));
        Assert.Equal((true, 204), (second.Value, second.Status));
        Assert.Equal(ErrorCodes.InvalidSession, after.Problem!.Error);
    }

    [Fact]
    public async Task Heartbeat_ReturnsTheDeadlineWithinTheWait()
    {
        var session = await StartAsync(await LoginAsync("alice"));
        var before = DateTimeOffset.UtcNow;

        var result = await Client.HeartbeatAsync(session.SessionToken, 60, Cancel);

        Assert.True(result.IsSuccess, result.Problem?.Detail);
        Assert.Equal(200, result.Status);
        Assert.Equal(session.SessionId, result.Value.SessionId);
        Assert.InRange(result.Value.Deadline, before.AddSeconds(59), DateTimeOffset.UtcNow.AddSeconds(61));
        Assert.True((await Client.GetCurrentSessionAsync(session.SessionToken, Cancel)).IsSuccess);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(3601)]
    public async Task Heartbeat_WaitOutOfRange_ReturnsInvalidRequest(int withinSeconds)
    {
        var session = await StartAsync(await LoginAsync("alice"));

        var result = await Client.HeartbeatAsync(session.SessionToken, withinSeconds, Cancel);

        Assert.Equal(400, result.Status);
        Assert.Equal(ErrorCodes.InvalidRequest, result.Problem!.Error);
    }

    [Fact]
    public async Task Heartbeat_EndedSession_ReturnsInvalidSession()
    {
        var session = await StartAsync(await LoginAsync("alice"));
        Assert.True((await Client.EndCurrentSessionAsync(session.SessionToken, Cancel)).IsSuccess);

        var result = await Client.HeartbeatAsync(session.SessionToken, 60, Cancel);

        Assert.Equal(401, result.Status);
        Assert.Equal(ErrorCodes.InvalidSession, result.Problem!.Error);
    }

    [Fact]
    public async Task EndSession_ByOwner_EndsIt()
    {
        var human = await LoginAsync("alice");
        var session = await StartAsync(human);

        var result = await Client.EndSessionAsync(human, session.SessionId, Cancel);

        Assert.Equal(204, result.Status);
        Assert.Equal(ErrorCodes.InvalidSession, (await Client.GetCurrentSessionAsync(session.SessionToken, Cancel)).Problem!.Error);
    }

    [Fact]
    public async Task EndSession_BySomeoneElse_ReturnsAccessDeniedAndLeavesIt()
    {
        var session = await StartAsync(await LoginAsync("alice"));
        var mallory = await LoginAsync("mallory");

        var result = await Client.EndSessionAsync(mallory, session.SessionId, Cancel);

        Assert.Equal(403, result.Status);
        Assert.Equal(ErrorCodes.AccessDenied, result.Problem!.Error);
        Assert.True((await Client.GetCurrentSessionAsync(session.SessionToken, Cancel)).IsSuccess);
    }

    [Fact]
    public async Task EndSession_UnknownId_ReturnsNotFoundInvalidRequest()
    {
        var result = await Client.EndSessionAsync(await LoginAsync("alice"), "ses_doesnotexist", Cancel);

        Assert.Equal((int)HttpStatusCode.NotFound, result.Status);
        Assert.Equal(ErrorCodes.InvalidRequest, result.Problem!.Error);
    }
}
