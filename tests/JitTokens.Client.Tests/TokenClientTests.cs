using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Cli.Tests.Support;
using JitTokens.Client.Tests.Support;

namespace JitTokens.Client.Tests;

public sealed class TokenClientTests(DevServerFixture fixture) : ServerClientTestBase(fixture)
{
    [Fact]
    public async Task RequestToken_AutoApproved_IsIssued()
    {
        var session = await StartAsync(await LoginAsync("alice"));

        var result = await Client.RequestTokenAsync(session.SessionToken, Ask("db:read", ttlSeconds: 120, target: "orders-db"), Cancel);

        Assert.True(result.IsSuccess, result.Problem?.Detail);
        Assert.Equal(201, result.Status);
        Assert.True(result.Value.IsIssued);
        Assert.Null(result.Value.Escalated);
        Assert.Equal(("db:read", "staging", 120, "Bearer"), (result.Value.Issued.Scope, result.Value.Issued.Environment, result.Value.Issued.ExpiresIn, result.Value.Issued.TokenType));
        Assert.Equal(3, result.Value.Issued.AccessToken.Split('.').Length);
    }

    [Fact]
    public async Task RequestToken_IrreversibleScope_IsEscalated()
    {
        var session = await StartAsync(await LoginAsync("alice"));

        var result = await Client.RequestTokenAsync(session.SessionToken, Ask("volume:delete", target: "vol-7"), Cancel);

        Assert.True(result.IsSuccess, result.Problem?.Detail);
        Assert.Equal(202, result.Status);
        Assert.False(result.Value.IsIssued);
        Assert.Null(result.Value.Issued);
        Assert.StartsWith("esc_", result.Value.Escalated.EscalationId, StringComparison.Ordinal);
        Assert.Equal(EscalationStatuses.Pending, result.Value.Escalated.Status);
    }

    [Theory]
    [InlineData("db:write", "staging", 403, ErrorCodes.ScopeNotAllowed)]
    [InlineData("db:read", "production", 403, ErrorCodes.EnvironmentNotAllowed)]
    [InlineData("db:nope", "staging", 400, ErrorCodes.InvalidScope)]
    public async Task RequestToken_Refused_ReturnsProblemWithCode(string scope, string environment, int status, string code)
    {
        var session = await StartAsync(await LoginAsync("alice"), ["db:read"]);

        var result = await Client.RequestTokenAsync(session.SessionToken, Ask(scope, environment), Cancel);

        Assert.False(result.IsSuccess);
        Assert.Null(result.Value);
        Assert.Equal((status, code), (result.Status, result.Problem.Error));
        Assert.Equal(status, result.Problem.Status);
        Assert.Equal("urn:jittokens:error:" + code, result.Problem.Type);
    }

    [Fact]
    public async Task RequestToken_TtlOverScopeLimit_ReturnsTtlTooLongWithLimit()
    {
        var session = await StartAsync(await LoginAsync("alice"));

        var result = await Client.RequestTokenAsync(session.SessionToken, Ask("db:write", ttlSeconds: 1801), Cancel);

        Assert.Equal(ErrorCodes.TtlTooLong, result.Problem!.Error);
        Assert.Equal(1800, result.Problem.MaxTtlSeconds);
    }

    [Fact]
    public async Task RequestToken_EndedSession_ReturnsInvalidSession()
    {
        var session = await StartAsync(await LoginAsync("alice"));
        await Client.EndCurrentSessionAsync(session.SessionToken, Cancel);

        var result = await Client.RequestTokenAsync(session.SessionToken, Ask("db:read"), Cancel);

        Assert.Equal((401, ErrorCodes.InvalidSession), (result.Status, result.Problem!.Error));
    }

    [Theory]
    [InlineData("db:read", DryRunDecisions.Issue, null)]
    [InlineData("volume:delete", DryRunDecisions.Escalate, null)]
    [InlineData("db:write", DryRunDecisions.Deny, ErrorCodes.ScopeNotAllowed)]
    public async Task DryRun_ReturnsTheDecision(string scope, string decision, string? error)
    {
        var session = await StartAsync(await LoginAsync("alice"), ["db:read", "volume:delete"]);

        var result = await Client.DryRunAsync(session.SessionToken, Ask(scope), Cancel);

        Assert.True(result.IsSuccess, result.Problem?.Detail);
        Assert.Equal(200, result.Status);
        Assert.Equal((decision, error), (result.Value.Decision, result.Value.Error));
    }

    [Fact]
    public async Task DryRun_MintsNothing()
    {
        var session = await StartAsync(await LoginAsync("alice"));

        var dryRun = await Client.DryRunAsync(session.SessionToken, Ask("db:read"), Cancel);

        Assert.Equal(DryRunDecisions.Issue, dryRun.Value!.Decision);
        Assert.Contains(AuditLines("token.dry_run"), l => l.Contains(session.SessionId, StringComparison.Ordinal));
        Assert.DoesNotContain(AuditLines("token.issued"), l => l.Contains(session.SessionId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RevokeToken_BySession_Returns204AndIsLogged()
    {
        var session = await StartAsync(await LoginAsync("alice"));
        var issued = (await Client.RequestTokenAsync(session.SessionToken, Ask("db:read"), Cancel)).Value!.Issued!;

        var result = await Client.RevokeTokenAsync(session.SessionToken, issued.TokenId, Cancel);

        Assert.Equal((true, 204), (result.Value, result.Status));
        Assert.Contains(AuditLines("token.revoked"), l => l.Contains(issued.TokenId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RevokeToken_ByOwnerHuman_Returns204()
    {
        var human = await LoginAsync("alice");
        var session = await StartAsync(human);
        var issued = (await Client.RequestTokenAsync(session.SessionToken, Ask("db:read"), Cancel)).Value!.Issued!;

        var result = await Client.RevokeTokenAsync(human, issued.TokenId, Cancel);

        Assert.Equal(204, result.Status);
    }

    [Fact]
    public async Task RevokeToken_OfAnotherSession_ReturnsNotFound()
    {
        var human = await LoginAsync("alice");
        var mine = await StartAsync(human);
        var other = await StartAsync(human);
        var issued = (await Client.RequestTokenAsync(other.SessionToken, Ask("db:read"), Cancel)).Value!.Issued!;

        var result = await Client.RevokeTokenAsync(mine.SessionToken, issued.TokenId, Cancel);

        Assert.Equal((404, ErrorCodes.InvalidRequest), (result.Status, result.Problem!.Error));
    }

    [Fact]
    public async Task GetEscalation_BySessionAndByApprover_ShowsThePendingRequest()
    {
        var session = await StartAsync(await LoginAsync("alice"));
        var escalated = (await Client.RequestTokenAsync(session.SessionToken, Ask("volume:delete", target: "vol-7"), Cancel)).Value!.Escalated!;
        var bob = await LoginAsync("bob");

        var bySession = await Client.GetEscalationAsync(session.SessionToken, escalated.EscalationId, Cancel);
        var byApprover = await Client.GetEscalationAsync(bob, escalated.EscalationId, Cancel);

        Assert.True(bySession.IsSuccess, bySession.Problem?.Detail);
        Assert.True(byApprover.IsSuccess, byApprover.Problem?.Detail);
        Assert.Equal((escalated.EscalationId, escalated.EscalationId), (bySession.Value.EscalationId, byApprover.Value.EscalationId));
        Assert.Equal(bySession.Value.ExpiresAt, byApprover.Value.ExpiresAt);
        Assert.Equal((EscalationStatuses.Pending, "volume:delete", "vol-7", "alice", 1), (bySession.Value.Status, bySession.Value.Scope, bySession.Value.Target, bySession.Value.Owner, bySession.Value.ApprovalsRequired));
        Assert.Empty(bySession.Value.Approvals);
    }

    [Fact]
    public async Task GetEscalation_OfAnotherSession_ReturnsNotFound()
    {
        var human = await LoginAsync("alice");
        var asking = await StartAsync(human);
        var other = await StartAsync(human);
        var escalated = (await Client.RequestTokenAsync(asking.SessionToken, Ask("volume:delete"), Cancel)).Value!.Escalated!;

        var result = await Client.GetEscalationAsync(other.SessionToken, escalated.EscalationId, Cancel);

        Assert.Equal((404, ErrorCodes.InvalidRequest), (result.Status, result.Problem!.Error));
    }

    [Fact]
    public async Task GetEscalation_HumanWithoutReadingRole_ReturnsAccessDenied()
    {
        var session = await StartAsync(await LoginAsync("alice"));
        var escalated = (await Client.RequestTokenAsync(session.SessionToken, Ask("volume:delete"), Cancel)).Value!.Escalated!;
        var requesterOnly = await LoginAsync("rita", JitRoles.Requester);

        var result = await Client.GetEscalationAsync(requesterOnly, escalated.EscalationId, Cancel);

        Assert.Equal((403, ErrorCodes.AccessDenied), (result.Status, result.Problem!.Error));
    }

    [Fact]
    public async Task GetScopes_ReturnsTheCatalog()
    {
        var result = await Client.GetScopesAsync(Cancel);

        Assert.True(result.IsSuccess);
        Assert.Equal(["production", "staging"], result.Value.Environments.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["backup:delete", "db:migrate", "db:read", "db:write", "volume:delete", "volume:read", "volume:snapshot"], result.Value.Scopes.Keys.Order(StringComparer.Ordinal));
        var delete = result.Value.Scopes["volume:delete"];
        Assert.True(delete.Irreversible);
        Assert.Equal(2, delete.Environments["production"].Approval!.Approvals);
    }

    private string[] AuditLines(string type)
        => [.. File.ReadAllLines(Fixture.Server.AuditFile).Where(l => l.Contains($"\"type\":\"{type}\"", StringComparison.Ordinal))];
}
