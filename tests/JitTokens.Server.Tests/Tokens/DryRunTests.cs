using System.Net;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Abstractions;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Tokens;

public abstract class DryRunTests(RedisServerFixture? redis) : ServerTestBase(redis)
{
    public sealed class InMemory() : DryRunTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : DryRunTests(redis);

    [Theory]
    [InlineData("db:read", "staging", null, DryRunDecisions.Issue, null, 3600)]
    [InlineData("db:write", "production", null, DryRunDecisions.Escalate, null, 600)]
    [InlineData("db:read", "qa", null, DryRunDecisions.Deny, ErrorCodes.EnvironmentNotAllowed, null)]
    [InlineData("db:nope", "staging", null, DryRunDecisions.Deny, ErrorCodes.InvalidScope, null)]
    [InlineData("db:write", "staging", 1801, DryRunDecisions.Deny, ErrorCodes.TtlTooLong, 1800)]
    public async Task DryRun_ReportsTheDecision(string scope, string environment, int? ttl, string decision, string? error, int? maxTtl)
    {
        var (_, session) = await Api.StartAsync();

        using var response = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody(scope, environment, ttl: ttl), dryRun: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await Api.ReadAsync(response, JitJsonContext.Default.DryRunResult);
        Assert.Equal(decision, result.Decision);
        Assert.Equal(error, result.Error);
        Assert.Equal(maxTtl, result.MaxTtlSeconds);
    }

    [Fact]
    public async Task DryRun_MintsAndEscalatesNothing()
    {
        var (_, session) = await Api.StartAsync();

        using var issue = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"), dryRun: true);
        using var escalate = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:write", "production"), dryRun: true);

        Assert.DoesNotContain("access_token", await issue.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("escalation_id", await escalate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Factory.AssertSessionStoredNothingAsync(session.SessionId);
    }

    [Fact]
    public async Task DryRun_MaxTtl_IsBoundedBySessionEnd()
    {
        var (_, session) = await Api.StartAsync(ttlSeconds: 700);

        using var response = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"), dryRun: true);

        Assert.Equal(700, (await Api.ReadAsync(response, JitJsonContext.Default.DryRunResult)).MaxTtlSeconds);
    }

    [Fact]
    public async Task DryRun_EndedSession_Returns401()
    {
        var (_, session) = await Api.StartAsync();
        using var end = await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken);

        using var response = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"), dryRun: true);

        await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession);
    }

    [Fact]
    public async Task DryRun_MissingField_PreviewsTheInvalidRequestDenial()
    {
        var (_, session) = await Api.StartAsync();

        using var response = await Api.RequestTokenAsync(session.SessionToken, """{"scope":"db:read","purpose":"read orders for OPS-17"}""", dryRun: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await Api.ReadAsync(response, JitJsonContext.Default.DryRunResult);
        Assert.Equal((DryRunDecisions.Deny, ErrorCodes.InvalidRequest), (result.Decision, result.Error));
    }

    [Fact]
    public async Task DryRun_UnparseableBody_Returns400()
    {
        var (_, session) = await Api.StartAsync();

        using var response = await Api.RequestTokenAsync(session.SessionToken, """{"scope":"db:read",""", dryRun: true);

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }
}
