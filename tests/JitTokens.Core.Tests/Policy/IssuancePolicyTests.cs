using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Catalog;
using JitTokens.Core.Options;
using JitTokens.Core.Policy;
using JitTokens.Core.Sessions;

namespace JitTokens.Core.Tests.Policy;

public sealed class IssuancePolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static readonly ScopeCatalog Catalog = CatalogLoader.Load([("c.yaml", """
        environments:
          staging:    { audience: https://staging.example.com }
          production: { audience: https://prod.example.com }
        approvers:
          dba: [ alice ]
        scopes:
          db:read:
            description: r
            environments:
              staging:    { max_ttl: 1h }
              production: { max_ttl: 15m }
          db:write:
            description: w
            environments:
              staging:    { max_ttl: 30m }
              production: { max_ttl: 10m, approval: { group: dba } }
          logs:read:
            description: l
            environments:
              production: { max_ttl: 1h }
        """)], TimeSpan.FromHours(1));

    [Theory]
    [InlineData("db:read", "staging", null, nameof(PolicyOutcome.Issue), null, 300)]
    [InlineData("db:read", "production", 900, nameof(PolicyOutcome.Issue), null, 900)]
    [InlineData("db:write", "production", null, nameof(PolicyOutcome.Escalate), null, 300)]
    [InlineData("db:write", "production", 601, nameof(PolicyOutcome.Deny), ErrorCodes.TtlTooLong, 0)]
    [InlineData("logs:read", "staging", null, nameof(PolicyOutcome.Deny), ErrorCodes.EnvironmentNotAllowed, 0)]
    [InlineData("db:read", "dev", null, nameof(PolicyOutcome.Deny), ErrorCodes.EnvironmentNotAllowed, 0)]
    [InlineData("db:drop", "staging", null, nameof(PolicyOutcome.Deny), ErrorCodes.InvalidScope, 0)]
    [InlineData("db:read  db:write", "staging", null, nameof(PolicyOutcome.Deny), ErrorCodes.InvalidScope, 0)]
    [InlineData("", "staging", null, nameof(PolicyOutcome.Deny), ErrorCodes.InvalidRequest, 0)]
    [InlineData("db:read", "", null, nameof(PolicyOutcome.Deny), ErrorCodes.InvalidRequest, 0)]
    public void Decide_FullSession_FollowsTheCatalog(string scope, string environment, int? ttl, string outcome, string? error, int grantedTtl)
    {
        var policy = new IssuancePolicy(Catalog, new JitTokensOptions());

        var decision = policy.Decide(Session(["staging", "production"], ["db:read", "db:write", "logs:read"]), Request(scope, environment, ttl), Now);

        Assert.Equal(outcome, decision.Outcome.ToString());
        Assert.Equal(error, decision.Error?.Code);
        Assert.Equal(grantedTtl, decision.TtlSeconds);
    }

    [Theory]
    [InlineData("db:read db:write", "exactly one scope per request; got 2")]
    [InlineData(" db:read", "unknown scope")]
    [InlineData("db:read\t", "unknown scope")]
    public void Decide_WhitespaceInScope_CountsOnlyRealScopes(string scope, string detail)
    {
        var policy = new IssuancePolicy(Catalog, new JitTokensOptions());

        var decision = policy.Decide(Session(["staging"], ["db:read", "db:write"]), Request(scope, "staging", null), Now);

        Assert.Equal(ErrorCodes.InvalidScope, decision.Error?.Code);
        Assert.Contains(detail, decision.Error!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ScopeOutsideSession_IsScopeNotAllowedEvenInAnotherEnvironment()
    {
        var policy = new IssuancePolicy(Catalog, new JitTokensOptions());

        var decision = policy.Decide(Session(["staging"], ["db:read"]), Request("db:write", "production", null), Now);

        Assert.Equal(ErrorCodes.ScopeNotAllowed, decision.Error?.Code);
    }

    [Fact]
    public void Decide_GlobalCapBelowScopeLimit_CapWins()
    {
        var policy = new IssuancePolicy(Catalog, new JitTokensOptions { MaxTokenTtl = TimeSpan.FromMinutes(20) });

        var decision = policy.Decide(Session(["staging"], ["db:read"]), Request("db:read", "staging", 1500), Now);

        Assert.Equal((ErrorCodes.TtlTooLong, 1200), (decision.Error?.Code, decision.Error?.MaxTtlSeconds));
    }

    [Fact]
    public void Decide_SessionEndsSooner_TtlIsShortened()
    {
        var policy = new IssuancePolicy(Catalog, new JitTokensOptions());

        var decision = policy.Decide(Session(["staging"], ["db:read"], Now.AddSeconds(90)), Request("db:read", "staging", 3600), Now.AddMilliseconds(999));

        Assert.Equal((PolicyOutcome.Issue, 90, 90), (decision.Outcome, decision.TtlSeconds, decision.MaxTtlSeconds));
    }

    private static SessionRecord Session(string[] environments, string[] scopes, DateTimeOffset? expires = null) => new()
    {
        Id = "ses_1",
        Owner = "alice",
        Agent = "cursor-42",
        Environments = [.. environments],
        Scopes = [.. scopes],
        Purpose = "testing the policy",
        CreatedAt = Now,
        ExpiresAt = expires ?? Now.AddHours(2),
    };

    private static TokenRequest Request(string scope, string environment, int? ttl)
        => new() { Scope = scope, Environment = environment, Purpose = "a good reason", TtlSeconds = ttl };
}
