using System.Net;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Server.Tests.Infrastructure;

namespace JitTokens.Server.Tests.Tokens;

/// <summary>The decision matrix of DESIGN.md §2 and §3.2 over the example catalog, for a session in staging only with db:read, db:write and volume:delete.</summary>
public sealed class TokenPolicyTests : ServerTestBase
{
    [Theory]
    [InlineData("db:read", "staging", null, 201, null)]
    [InlineData("db:write", "staging", null, 201, null)]
    [InlineData("db:read", "production", null, 403, ErrorCodes.EnvironmentNotAllowed)]
    [InlineData("db:read", "qa", null, 403, ErrorCodes.EnvironmentNotAllowed)]
    [InlineData("db:migrate", "staging", null, 403, ErrorCodes.ScopeNotAllowed)]
    [InlineData("db:drop", "staging", null, 400, ErrorCodes.InvalidScope)]
    [InlineData("db:read db:write", "staging", null, 400, ErrorCodes.InvalidScope)]
    [InlineData("db:read", "staging", 3601, 400, ErrorCodes.TtlTooLong)]
    [InlineData("db:write", "staging", 1801, 400, ErrorCodes.TtlTooLong)]
    [InlineData("volume:delete", "staging", null, 202, null)]
    [InlineData("volume:delete", "staging", 301, 400, ErrorCodes.TtlTooLong)]
    public async Task Request_StagingSession_DecidesByCatalog(string scope, string environment, int? ttl, int status, string? code)
    {
        var (_, session) = await Api.StartAsync("\"staging\"", "\"db:read\",\"db:write\",\"volume:delete\"");

        using var response = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody(scope, environment, ttl: ttl));

        if (code is null)
        {
            Assert.Equal((HttpStatusCode)status, response.StatusCode);
        }
        else
        {
            await Api.AssertProblemAsync(response, (HttpStatusCode)status, code);
        }
    }

    [Fact]
    public async Task Request_ScopeNotListedForEnvironment_IsEnvironmentNotAllowed()
    {
        var (_, session) = await Api.StartAsync();

        using var response = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("backup:delete", "staging"));

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.EnvironmentNotAllowed);
        Assert.Contains("production", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_TtlTooLong_NamesTheLimit()
    {
        var (_, session) = await Api.StartAsync();

        using var response = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:write", "staging", ttl: 3600));

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.TtlTooLong);
        Assert.Equal(1800, problem.MaxTtlSeconds);
        Assert.Contains("1800", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_ProductionWrite_IsEscalatedWithLocation()
    {
        var (_, session) = await Api.StartAsync();

        using var response = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:write", "production"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var escalated = await Api.ReadAsync(response, JitJsonContext.Default.TokenEscalated);
        Assert.StartsWith("esc_", escalated.EscalationId);
        Assert.Equal("pending", escalated.Status);
        Assert.Equal(2, escalated.PollIntervalSeconds);
        Assert.Equal(Factory.Time.GetUtcNow().AddMinutes(15).ToUnixTimeSeconds(), escalated.ExpiresAt.ToUnixTimeSeconds());
        Assert.Equal("/v1/escalations/" + escalated.EscalationId, response.Headers.Location?.OriginalString);
        Assert.DoesNotContain("access_token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_IrreversibleScope_IsAlwaysEscalated()
    {
        var (_, session) = await Api.StartAsync();

        using var staging = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("volume:delete", "staging"));
        using var production = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("volume:delete", "production"));

        Assert.Equal(HttpStatusCode.Accepted, staging.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, production.StatusCode);
    }
}
