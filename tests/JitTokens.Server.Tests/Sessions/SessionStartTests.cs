using System.Net;
using JitTokens.Abstractions;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Sessions;

public abstract class SessionStartTests(RedisServerFixture? redis) : ServerTestBase(redis)
{
    public sealed class InMemory() : SessionStartTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : SessionStartTests(redis);

    private const string Body = """{"agent":"cursor-42","environments":["staging"],"purpose":"fix flaky checkout test"}""";

    [Fact]
    public async Task Start_Requester_Returns201WithOpaqueTokenAndDefaultScopes()
    {
        var human = await Api.LoginAsync("alice", JitRoles.Requester);

        var session = await Api.StartSessionAsync(human);

        Assert.StartsWith("ses_", session.SessionId);
        Assert.Matches("^jits_[A-Za-z0-9_-]{43}$", session.SessionToken);
        Assert.Equal("alice", session.Owner);
        Assert.Equal("cursor-42", session.Agent);
        Assert.Equal(["staging"], session.Environments);
        Assert.Equal(["db:migrate", "db:read", "db:write", "volume:delete", "volume:read", "volume:snapshot"], session.Scopes);
        Assert.Equal(Factory.Time.GetUtcNow().AddSeconds(7200).ToUnixTimeSeconds(), session.ExpiresAt.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Start_ExplicitScopesAndTtl_AreKept()
    {
        var human = await Api.LoginAsync("alice", JitRoles.Requester);

        var session = await Api.StartSessionAsync(human, """{"agent":"cursor-42","environments":["staging","production"],"scopes":["db:read","db:write"],"ttl_seconds":600,"purpose":"fix flaky checkout test"}""");

        Assert.Equal(["staging", "production"], session.Environments);
        Assert.Equal(["db:read", "db:write"], session.Scopes);
        Assert.Equal(Factory.Time.GetUtcNow().AddSeconds(600).ToUnixTimeSeconds(), session.ExpiresAt.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Start_TwoSessions_GetDistinctTokens()
    {
        var human = await Api.LoginAsync("alice", JitRoles.Requester);

        var first = await Api.StartSessionAsync(human);
        var second = await Api.StartSessionAsync(human);

        Assert.NotEqual(first.SessionToken, second.SessionToken);
        Assert.NotEqual(first.SessionId, second.SessionId);
    }

    [Fact]
    public async Task Start_NoHuman_Returns401()
    {
        using var response = await Api.PostJsonAsync("/v1/sessions", Body, bearer: null);

        await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.AccessDenied);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_HumanWithoutRequesterRole_Returns403AccessDenied()
    {
        var auditor = await Api.LoginAsync("eve", JitRoles.Auditor, JitRoles.Approver);

        using var response = await Api.PostJsonAsync("/v1/sessions", Body, auditor);

        await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.AccessDenied);
    }

    [Fact]
    public async Task Start_Admin_MayStartSessions()
    {
        var admin = await Api.LoginAsync("root", JitRoles.Admin);

        var session = await Api.StartSessionAsync(admin);

        Assert.Equal("root", session.Owner);
    }

    [Theory]
    [InlineData("""{"agent":"cursor-42","environments":["qa"],"purpose":"fix flaky checkout test"}""", 400, ErrorCodes.InvalidRequest)]
    [InlineData("""{"agent":"cursor-42","environments":[],"purpose":"fix flaky checkout test"}""", 400, ErrorCodes.InvalidRequest)]
    [InlineData("""{"agent":"cursor-42","purpose":"fix flaky checkout test"}""", 400, ErrorCodes.InvalidRequest)]
    [InlineData("""{"environments":["staging"],"purpose":"fix flaky checkout test"}""", 400, ErrorCodes.InvalidRequest)]
    [InlineData("""{"agent":"has space","environments":["staging"],"purpose":"fix flaky checkout test"}""", 400, ErrorCodes.InvalidRequest)]
    [InlineData("""{"agent":"cursor-42","environments":["staging"]}""", 400, ErrorCodes.InvalidRequest)]
    [InlineData("""{"agent":"cursor-42","environments":["staging"],"purpose":"short"}""", 400, ErrorCodes.InvalidRequest)]
    [InlineData("""{"agent":"cursor-42","environments":["staging"],"scopes":["db:drop"],"purpose":"fix flaky checkout test"}""", 400, ErrorCodes.InvalidScope)]
    [InlineData("""{"agent":"cursor-42","environments":["staging"],"scopes":["backup:delete"],"purpose":"fix flaky checkout test"}""", 400, ErrorCodes.InvalidScope)]
    [InlineData("""{"agent":"cursor-42","environments":["staging"],"ttl_seconds":43201,"purpose":"fix flaky checkout test"}""", 400, ErrorCodes.TtlTooLong)]
    [InlineData("""{"agent":"cursor-42","environments":["staging"],"ttl_seconds":0,"purpose":"fix flaky checkout test"}""", 400, ErrorCodes.InvalidRequest)]
    [InlineData("""{"agent":"cursor-42","environments":["staging"],"purpose":"fix flaky checkout test","owner":"bob"}""", 400, ErrorCodes.InvalidRequest)]
    public async Task Start_BadInput_ReturnsSpecificCode(string body, int status, string code)
    {
        var human = await Api.LoginAsync("alice", JitRoles.Requester);

        using var response = await Api.PostJsonAsync("/v1/sessions", body, human);

        await Api.AssertProblemAsync(response, (HttpStatusCode)status, code);
    }

    [Fact]
    public async Task Start_MaximumTtl_IsAccepted()
    {
        var human = await Api.LoginAsync("alice", JitRoles.Requester);

        var session = await Api.StartSessionAsync(human, """{"agent":"cursor-42","environments":["staging"],"ttl_seconds":43200,"purpose":"fix flaky checkout test"}""");

        Assert.Equal(Factory.Time.GetUtcNow().AddSeconds(43200).ToUnixTimeSeconds(), session.ExpiresAt.ToUnixTimeSeconds());
    }
}
