using System.Net;
using System.Text.Json;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Abstractions;
using JitTokens.Core.Audit;
using JitTokens.Core.Storage;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace JitTokens.Server.Tests.Audit;

public abstract class AuditTrailTests(RedisServerFixture? redis) : ServerTestBase(redis)
{
    public sealed class InMemory() : AuditTrailTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : AuditTrailTests(redis);

    [Fact]
    public async Task EveryDecision_IsRecordedWithItsFields()
    {
        var (_, session) = await Api.StartAsync();
        var issued = await Api.IssueAsync(session.SessionToken, "db:write", "staging", ttl: 120, target: "orders-db");
        using (await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "qa")))
        using (await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"), dryRun: true))
        using (var escalated = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:write", "production")))
        using (await Api.RequestTokenAsync("jits_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", Api.TokenBody("db:read", "staging")))
        using (await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken))
        {
            Assert.Equal(HttpStatusCode.Accepted, escalated.StatusCode);
        }

        var events = Events();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
        var started = Single(events, AuditEventTypes.SessionStarted);
        Assert.Equal(("alice", "cursor-42", session.SessionId, "fix flaky checkout test"), (started.Actor, started.Agent, started.SessionId, started.Purpose));
        var tokenIssued = Single(events, AuditEventTypes.TokenIssued);
        Assert.Equal(("agent:cursor-42", "alice", issued.TokenId, "db:write", "staging", "orders-db", 120), (tokenIssued.Actor, tokenIssued.Owner, tokenIssued.TokenId, tokenIssued.Scope, tokenIssued.Environment, tokenIssued.Target, tokenIssued.TtlSeconds!.Value));
        Assert.Equal("apply migration 0042 for OPS-17", tokenIssued.Purpose);
        Assert.Equal("127.0.0.1", tokenIssued.ClientIp);
        var denied = Single(events, AuditEventTypes.TokenDenied);
        Assert.Equal((ErrorCodes.EnvironmentNotAllowed, "deny", "qa"), (denied.Error, denied.Decision, denied.Environment));
        Assert.Equal("issue", Single(events, AuditEventTypes.TokenDryRun).Decision);
        var requested = Single(events, AuditEventTypes.EscalationRequested);
        Assert.StartsWith("esc_", requested.EscalationId);
        Assert.Equal("escalate", requested.Decision);
        var failed = Single(events, AuditEventTypes.AuthFailed);
        Assert.Equal((ErrorCodes.InvalidSession, "anonymous", "127.0.0.1"), (failed.Error, failed.Actor, failed.ClientIp));
        Assert.Equal(session.SessionId, Single(events, AuditEventTypes.SessionEnded).SessionId);
        Assert.Equal(issued.TokenId, Single(events, AuditEventTypes.TokenRevoked).TokenId);
        Assert.Equal(requested.EscalationId, Single(events, AuditEventTypes.EscalationCancelled).EscalationId);
    }

    [Fact]
    public async Task EndedSessionToken_UsedAgain_IsAuditedAgainstItsSession()
    {
        var (_, session) = await Api.StartAsync();
        using (await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken))
        using (var retry = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging")))
        {
            await Api.AssertProblemAsync(retry, HttpStatusCode.Unauthorized, ErrorCodes.InvalidSession);
        }

        var failed = Single(Events(), AuditEventTypes.AuthFailed);
        Assert.Equal(session.SessionId, failed.SessionId);
    }

    [Fact]
    public async Task Revoke_IsRecordedWithTheHumanActor()
    {
        var (human, session) = await Api.StartAsync();
        var issued = await Api.IssueAsync(session.SessionToken);

        using (await Api.SendAsync(HttpMethod.Delete, "/v1/tokens/" + issued.TokenId, human))
        {
        }

        var revoked = Single(Events(), AuditEventTypes.TokenRevoked);
        Assert.Equal(("alice", issued.TokenId, "db:read"), (revoked.Actor, revoked.TokenId, revoked.Scope));
    }

    [Fact]
    public async Task Secrets_NeverReachTheLogOrTheApplicationLogs()
    {
        var human = await Api.LoginAsync("alice", JitRoles.Requester, JitRoles.Approver);
        var session = await Api.StartSessionAsync(human, """{"agent":"cursor-42","environments":["staging","production"],"purpose":"fix flaky checkout test"}""");
        var issued = await Api.IssueAsync(session.SessionToken, "db:read", "staging", target: "orders-db");
        var secrets = new List<string> { human, session.SessionToken, issued.AccessToken };
        using (await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:write", "production")))
        using (await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"), dryRun: true))
        using (await Api.RequestTokenAsync(issued.AccessToken, Api.TokenBody("db:read", "staging")))
        using (await Api.RequestTokenAsync(human, Api.TokenBody("db:read", "staging")))
        using (await Api.PostJsonAsync("/v1/sessions", """{"agent":"x","environments":["staging"],"purpose":"fix flaky checkout test"}""", issued.AccessToken))
        using (await Api.PostJsonAsync("/v1/sessions", """{"agent":"x","environments":["staging"],"purpose":"fix flaky checkout test"}""", session.SessionToken))
        using (await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken))
        using (await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging")))
        {
        }

        var audit = string.Join('\n', Factory.AuditLines());
        var logs = string.Join('\n', Factory.Logs.Lines);
        Assert.NotEmpty(Factory.Logs.Lines);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, audit, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(secret.Split('.')[^1], audit, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("jits_", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("jits_", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialsPastedIntoRequestFields_AreRefusedAndNeverRecorded()
    {
        var human = await Api.LoginAsync("alice", JitRoles.Requester);
        var session = await Api.StartSessionAsync(human, """{"agent":"cursor-42","environments":["staging"],"purpose":"fix flaky checkout test"}""");
        var issued = await Api.IssueAsync(session.SessionToken);
        string[] secrets = [human, session.SessionToken, issued.AccessToken];
        foreach (var secret in secrets)
        {
            foreach (var dryRun in new[] { false, true })
            {
                using (await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody(secret, "staging"), dryRun))
                using (await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", secret), dryRun))
                using (await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging", purpose: "use this: " + secret), dryRun))
                using (var target = await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging", target: secret), dryRun))
                {
                    Assert.NotEqual(System.Net.HttpStatusCode.Created, target.StatusCode);
                }
            }

            using var start = await Api.PostJsonAsync("/v1/sessions", $$"""{"agent":"cursor-42","environments":["staging"],"purpose":"copy {{secret}}"}""", human);
            await Api.AssertProblemAsync(start, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        }

        var audit = string.Join('\n', Factory.AuditLines());
        var logs = string.Join('\n', Factory.Logs.Lines);
        Assert.Contains(CredentialText.Replacement, audit, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret[^20..], audit, StringComparison.Ordinal);
            Assert.DoesNotContain(secret[^20..], logs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AuditUnavailable_TokenRequest_Returns503AndTheTokenIsRevoked()
    {
        var sink = new FailingAuditSink(AuditEventTypes.TokenIssued);
        using var factory = new JitServerFactory(services: s => s.AddSingleton<IAuditSink>(sink));
        var api = new Api(factory.CreateClient());
        var (_, session) = await api.StartAsync();

        using var response = await api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"));

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, ErrorCodes.Unavailable);
        Assert.DoesNotContain("eyJ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var refused = Assert.Single(sink.Refused);
        var token = await factory.Services.GetRequiredService<IJitStore>().GetTokenAsync(refused.TokenId!, CancellationToken.None);
        Assert.NotNull(token!.RevokedAt);
        Assert.Contains("nothing was issued", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditUnavailable_SessionStart_Returns503()
    {
        var sink = new FailingAuditSink(AuditEventTypes.SessionStarted);
        using var factory = new JitServerFactory(services: s => s.AddSingleton<IAuditSink>(sink));
        var api = new Api(factory.CreateClient());
        var human = await api.LoginAsync("alice", JitRoles.Requester);

        using var response = await api.PostJsonAsync("/v1/sessions", """{"agent":"cursor-42","environments":["staging"],"purpose":"fix flaky checkout test"}""", human);

        await Api.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, ErrorCodes.Unavailable);
        Assert.DoesNotContain("jits_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private List<AuditEvent> Events()
        => [.. Factory.AuditLines().Select(line => JsonSerializer.Deserialize(line, JitJsonContext.Default.AuditEvent)!)];

    private static AuditEvent Single(List<AuditEvent> events, string type)
        => Assert.Single(events, e => e.Type == type);
}
