using System.Net;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Server.Audit;
using JitTokens.Server.Tests.Escalations;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JitTokens.Server.Tests.Audit;

/// <summary>DESIGN.md §3.6: reviewing the log: pages with filters and a cursor, export, verification, the mirror.</summary>
public abstract class AuditReviewTests(RedisServerFixture? redis) : ServerTestBase(redis)
{
    private RedisServerFixture? Redis { get; } = redis;

    public sealed class InMemory() : AuditReviewTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : AuditReviewTests(redis);

    [Fact]
    public async Task List_ByAgentAndType_InLogOrder_WithACursor()
    {
        var (human, session) = await Api.StartAsync();
        var other = await Api.StartSessionAsync(human, """{"agent":"codex-7","environments":["staging"],"purpose":"another agent's work"}""");
        var issued = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            issued.Add((await Api.IssueAsync(session.SessionToken)).TokenId);
            await Api.IssueAsync(other.SessionToken);
        }

        var auditor = await Api.LoginAsync("audrey", JitRoles.Auditor);

        var first = await PageAsync(auditor, "?agent=cursor-42&type=token.issued&limit=2");
        var second = await PageAsync(auditor, $"?agent=cursor-42&type=token.issued&limit=2&after={first.Next}");
        var third = await PageAsync(auditor, $"?agent=cursor-42&type=token.issued&after={second.Next}");

        Assert.Equal(issued, first.Events.Concat(second.Events).Select(e => e.TokenId));
        Assert.All(first.Events.Concat(second.Events), e => Assert.Equal("cursor-42", e.Agent));
        Assert.True(first.Events[0].Seq < first.Events[1].Seq);
        Assert.Empty(third.Events);
        Assert.Equal(third.Next, (await PageAsync(auditor, $"?after={third.Next}")).Next);
    }

    [Fact]
    public async Task List_SinceAndUntil_FilterByTime()
    {
        var (_, session) = await Api.StartAsync();
        await Api.IssueAsync(session.SessionToken);
        var cut = Factory.Time.GetUtcNow().AddMinutes(1);
        Factory.Time.Set(cut);
        var later = await Api.IssueAsync(session.SessionToken);
        var auditor = await Api.LoginAsync("audrey", JitRoles.Auditor);

        var page = await PageAsync(auditor, $"?type=token.issued&since={Uri.EscapeDataString(UtcTimestampConverter.Format(cut))}");
        var before = await PageAsync(auditor, $"?type=token.issued&until={Uri.EscapeDataString(UtcTimestampConverter.Format(cut))}");

        Assert.Equal(later.TokenId, Assert.Single(page.Events).TokenId);
        Assert.Single(before.Events);
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=1001")]
    [InlineData("?after=-1")]
    [InlineData("?since=yesterday")]
    [InlineData("?colour=blue")]
    [InlineData("?agent=a&agent=b")]
    public async Task List_BadParameter_Is400(string query)
    {
        var auditor = await Api.LoginAsync("audrey", JitRoles.Auditor);

        using var response = await Api.SendAsync(HttpMethod.Get, "/v1/audit" + query, auditor);

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    [Theory]
    [InlineData("/v1/audit")]
    [InlineData("/v1/audit/export")]
    [InlineData("/v1/audit/verify")]
    public async Task AuditorsAndAdminsOnly(string path)
    {
        var requester = await Api.LoginAsync("rita", JitRoles.Requester, JitRoles.Approver);
        var admin = await Api.LoginAsync("root", JitRoles.Admin);
        var (_, session) = await Api.StartAsync();

        using var none = await Api.SendAsync(HttpMethod.Get, path, null);
        using var agent = await Api.SendAsync(HttpMethod.Get, path, session.SessionToken);
        using var notAuditor = await Api.SendAsync(HttpMethod.Get, path, requester);
        using var asAdmin = await Api.SendAsync(HttpMethod.Get, path, admin);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, agent.StatusCode);
        await Api.AssertProblemAsync(notAuditor, HttpStatusCode.Forbidden, ErrorCodes.AccessDenied);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
    }

    [Fact]
    public async Task Verify_AfterActivity_IsValidWithTheHead()
    {
        await ActivityAsync();
        var auditor = await Api.LoginAsync("audrey", JitRoles.Auditor);

        var verification = await VerifyAsync(auditor);

        var events = Factory.AuditLines().Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditEvent)!).ToList();
        Assert.True(verification.Valid, verification.Reason);
        Assert.True(verification.Events >= events.Count);
        Assert.Equal(AuditChain.Genesis, events[0].PrevHash);
        Assert.True(AuditChain.Verify(events, AuditChain.Genesis).Valid);
    }

    [Fact]
    public async Task Export_IsTheChainThenTheCheckpoints_AndVerifiesOffline()
    {
        await ActivityAsync();
        await CheckpointAsync();
        var auditor = await Api.LoginAsync("audrey", JitRoles.Auditor);

        using var response = await Api.SendAsync(HttpMethod.Get, "/v1/audit/export", auditor);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AuditEndpoints.NdjsonContentType, response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var checkpoints = lines.Where(l => l.Contains("\"jws\"", StringComparison.Ordinal)).Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditCheckpoint)!).ToList();
        var events = lines.Where(l => !l.Contains("\"jws\"", StringComparison.Ordinal)).Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditEvent)!).ToList();
        Assert.True(AuditChain.Verify(events, AuditChain.Genesis).Valid);
        var checkpoint = Assert.Single(checkpoints);
        Assert.Equal(events[^1].Seq, checkpoint.Seq);
        Assert.Equal(events[^1].Hash, checkpoint.Hash);
        Assert.Equal("jittokens-checkpoint+jwt", Jwt.Header(checkpoint.Jws).GetProperty("typ").GetString());

        var tampered = events.Select(e => e.Seq == 3 ? e with { Actor = "mallory" } : e);
        var result = AuditChain.Verify(tampered, AuditChain.Genesis);
        Assert.False(result.Valid);
        Assert.Equal(3, result.FirstBadSeq);
    }

    [Fact]
    public async Task Mirror_HoldsEveryEventAsChained()
    {
        await ActivityAsync();

        var auditor = await Api.LoginAsync("audrey", JitRoles.Auditor);
        using var export = await Api.SendAsync(HttpMethod.Get, "/v1/audit/export", auditor);
        var primary = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // File log: the mirror sits beside it. Redis log: the NDJSON file at Audit:FilePath is the mirror.
        var mirrorPath = Redis is null ? Path.ChangeExtension(Factory.AuditPath, null) + ".mirror.ndjson" : Factory.AuditPath;
        var mirror = File.ReadAllLines(mirrorPath);

        Assert.Equal(primary, mirror);
    }

    [Fact]
    public async Task NoCredentialIssuedInTheTest_AppearsInTheLogTheMirrorOrTheExport()
    {
        var (human, session) = await Api.StartAsync();
        var secrets = new List<string> { human, session.SessionToken };
        for (var i = 0; i < 3; i++)
        {
            secrets.Add((await Api.IssueAsync(session.SessionToken, target: "orders-db")).AccessToken);
        }

        var escalated = await Api.EscalateAsync(session.SessionToken);
        var dana = await Api.LoginAsync("dana", JitRoles.Approver);
        secrets.Add(dana);
        await Api.ApprovedAsync(dana, escalated.EscalationId);
        using (var redeemed = await Api.RedeemAsync(session.SessionToken, escalated.EscalationId))
        {
            secrets.Add((await Api.ReadAsync(redeemed, JitJsonContext.Default.TokenIssued)).AccessToken);
        }

        var auditor = await Api.LoginAsync("audrey", JitRoles.Auditor);
        secrets.Add(auditor);
        await CheckpointAsync();
        using var export = await Api.SendAsync(HttpMethod.Get, "/v1/audit/export", auditor);
        var everything = string.Join('\n', Factory.AuditLines())
            + (File.Exists(Path.ChangeExtension(Factory.AuditPath, null) + ".mirror.ndjson") ? File.ReadAllText(Path.ChangeExtension(Factory.AuditPath, null) + ".mirror.ndjson") : "")
            + await export.Content.ReadAsStringAsync();

        Assert.All(secrets, secret =>
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(secret.Split('.')[^1], everything, StringComparison.Ordinal); // not even a token's signature
        });
        Assert.DoesNotContain("jits_", everything, StringComparison.Ordinal);
    }

    private async Task ActivityAsync()
    {
        var (_, session) = await Api.StartAsync();
        await Api.IssueAsync(session.SessionToken);
        using (await Api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "qa")))
        {
        }

        await Api.EscalateAsync(session.SessionToken);
        using (await Api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.SessionToken))
        {
        }
    }

    private async Task CheckpointAsync()
    {
        var checkpointer = Factory.Services.GetServices<IHostedService>().OfType<AuditCheckpointer>().Single();
        Assert.True(await checkpointer.CheckpointAsync(TestContext.Current.CancellationToken));
    }

    private async Task<AuditEventList> PageAsync(string auditor, string query)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, "/v1/audit" + query, auditor);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await Api.ReadAsync(response, JitJsonContext.Default.AuditEventList);
    }

    private async Task<AuditVerification> VerifyAsync(string auditor)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, "/v1/audit/verify", auditor);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Api.ReadAsync(response, JitJsonContext.Default.AuditVerification);
    }
}
