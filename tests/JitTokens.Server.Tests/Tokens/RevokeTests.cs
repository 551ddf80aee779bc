using System.Net;
using JitTokens.Abstractions;
using JitTokens.Core.Storage;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace JitTokens.Server.Tests.Tokens;

public abstract class RevokeTests(RedisServerFixture? redis) : ServerTestBase(redis)
{
    public sealed class InMemory() : RevokeTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : RevokeTests(redis);

    [Fact]
    public async Task Revoke_OwnSession_Returns204AndMarksRevoked()
    {
        var (_, session) = await Api.StartAsync();
        var issued = await Api.IssueAsync(session.SessionToken);

        using var response = await Api.SendAsync(HttpMethod.Delete, "/v1/tokens/" + issued.TokenId, session.SessionToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.NotNull((await Store.GetTokenAsync(issued.TokenId, CancellationToken.None))!.RevokedAt);
    }

    [Fact]
    public async Task Revoke_Twice_Returns204BothTimes()
    {
        var (_, session) = await Api.StartAsync();
        var issued = await Api.IssueAsync(session.SessionToken);

        using var first = await Api.SendAsync(HttpMethod.Delete, "/v1/tokens/" + issued.TokenId, session.SessionToken);
        using var second = await Api.SendAsync(HttpMethod.Delete, "/v1/tokens/" + issued.TokenId, session.SessionToken);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
    }

    [Fact]
    public async Task Revoke_AnotherSessionsToken_Returns404AndTokenLives()
    {
        var (human, session) = await Api.StartAsync();
        var other = await Api.StartSessionAsync(human);
        var issued = await Api.IssueAsync(session.SessionToken);

        using var response = await Api.SendAsync(HttpMethod.Delete, "/v1/tokens/" + issued.TokenId, other.SessionToken);

        await Api.AssertProblemAsync(response, HttpStatusCode.NotFound, ErrorCodes.InvalidRequest);
        Assert.Null((await Store.GetTokenAsync(issued.TokenId, CancellationToken.None))!.RevokedAt);
    }

    [Fact]
    public async Task Revoke_OwnerHuman_Returns204()
    {
        var (human, session) = await Api.StartAsync();
        var issued = await Api.IssueAsync(session.SessionToken);

        using var response = await Api.SendAsync(HttpMethod.Delete, "/v1/tokens/" + issued.TokenId, human);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Revoke_OtherHumanWithoutAdmin_Returns404()
    {
        var (_, session) = await Api.StartAsync();
        var issued = await Api.IssueAsync(session.SessionToken);
        var mallory = await Api.LoginAsync("mallory", JitRoles.Requester, JitRoles.Approver);

        using var response = await Api.SendAsync(HttpMethod.Delete, "/v1/tokens/" + issued.TokenId, mallory);

        await Api.AssertProblemAsync(response, HttpStatusCode.NotFound, ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Revoke_Admin_Returns204()
    {
        var (_, session) = await Api.StartAsync();
        var issued = await Api.IssueAsync(session.SessionToken);
        var admin = await Api.LoginAsync("root", JitRoles.Admin);

        using var response = await Api.SendAsync(HttpMethod.Delete, "/v1/tokens/" + issued.TokenId, admin);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Revoke_UnknownToken_Returns404()
    {
        var (_, session) = await Api.StartAsync();

        using var response = await Api.SendAsync(HttpMethod.Delete, "/v1/tokens/tok_unknown", session.SessionToken);

        await Api.AssertProblemAsync(response, HttpStatusCode.NotFound, ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Revoke_NoCredential_Returns401()
    {
        using var response = await Api.SendAsync(HttpMethod.Delete, "/v1/tokens/tok_unknown", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private IJitStore Store => Factory.Services.GetRequiredService<IJitStore>();
}
