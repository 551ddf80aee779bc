using System.Net;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Json;
using JitTokens.Server.Audit;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JitTokens.Server.Tests.Audit;

/// <summary>Issue 4 item 7: retention trims old events up to a signed checkpoint; what remains still verifies.</summary>
public abstract class AuditRetentionTests : IDisposable
{
    private readonly JitServerFactory _factory;
    private readonly Api _api;

    protected AuditRetentionTests(RedisServerFixture? redis)
    {
        var settings = new Dictionary<string, string?> { ["JitTokens:Audit:Retention"] = "01:00:00" };
        if (redis is not null)
        {
            settings["JitTokens:Redis:Configuration"] = redis.Configuration;
            settings["JitTokens:Redis:KeyPrefix"] = RedisServerFixture.NewKeyPrefix();
        }

        _factory = new JitServerFactory(settings);
        _api = new Api(_factory.CreateClient());
    }

    public sealed class InMemory() : AuditRetentionTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : AuditRetentionTests(redis);

    private AuditCheckpointer Checkpointer => _factory.Services.GetServices<IHostedService>().OfType<AuditCheckpointer>().Single();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _api.Http.Dispose();
        _factory.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Trim_RemovesOldEventsUpToACheckpoint_AndTheRestStillVerifies()
    {
        var (_, session) = await _api.StartAsync(ttlSeconds: 43200);
        await _api.IssueAsync(session.SessionToken);
        await _api.IssueAsync(session.SessionToken);
        Assert.True(await Checkpointer.CheckpointAsync(Ct)); // seq 3, now
        _factory.Time.Advance(TimeSpan.FromHours(2));
        var kept = await _api.IssueAsync(session.SessionToken);
        await _api.IssueAsync(session.SessionToken);
        Assert.True(await Checkpointer.CheckpointAsync(Ct)); // seq 5, two hours later

        var removed = await Checkpointer.TrimAsync(Ct);

        Assert.Equal(3, removed);
        var auditor = await _api.LoginAsync("audrey", JitRoles.Auditor);
        var verification = await GetAsync(auditor, "/v1/audit/verify", JitJsonContext.Default.AuditVerification);
        Assert.True(verification.Valid, verification.Reason);
        Assert.Equal(2, verification.Events);
        Assert.Equal(2, verification.Checkpoints);
        var page = await GetAsync(auditor, "/v1/audit", JitJsonContext.Default.AuditEventList);
        Assert.Equal(4, page.Events[0].Seq);
        Assert.Equal(kept.TokenId, page.Events[0].TokenId);

        using var export = await _api.SendAsync(HttpMethod.Get, "/v1/audit/export", auditor);
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var events = lines.Where(l => !l.Contains("\"jws\"", StringComparison.Ordinal)).Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditEvent)!).ToList();
        var anchor = lines.Where(l => l.Contains("\"jws\"", StringComparison.Ordinal)).Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditCheckpoint)!).Single(c => c.Seq == 3);
        Assert.True(AuditChain.Verify(events, anchor.Hash).Valid);
        Assert.False(AuditChain.Verify(events, AuditChain.Genesis).Valid);
    }

    [Fact]
    public async Task Trim_CheckpointAtTheHead_KeepsTheLastEvent()
    {
        var (_, session) = await _api.StartAsync(ttlSeconds: 43200);
        await _api.IssueAsync(session.SessionToken);
        await _api.IssueAsync(session.SessionToken);
        Assert.True(await Checkpointer.CheckpointAsync(Ct)); // seq 3 = the head
        _factory.Time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(0, await Checkpointer.TrimAsync(Ct)); // the only old-enough checkpoint is the head itself

        var auditor = await _api.LoginAsync("audrey", JitRoles.Auditor);
        var verification = await GetAsync(auditor, "/v1/audit/verify", JitJsonContext.Default.AuditVerification);
        Assert.True(verification.Valid, verification.Reason);
        Assert.Equal(3, verification.Events);
        Assert.Equal(3, verification.HeadSeq);
    }

    [Fact]
    public async Task Trim_NoCheckpointOldEnough_RemovesNothing()
    {
        var (_, session) = await _api.StartAsync();
        await _api.IssueAsync(session.SessionToken);
        Assert.True(await Checkpointer.CheckpointAsync(Ct));
        _factory.Time.Advance(TimeSpan.FromMinutes(59));

        Assert.Equal(0, await Checkpointer.TrimAsync(Ct));
    }

    /// <summary>
    /// Someone deletes the oldest events up to a checkpoint that retention would not trim yet: that is a
    /// deletion, not a trim, and verification says so at seq 1 however well the rest chains from it.
    /// </summary>
    [Fact]
    public async Task OldestEventsDeletedBehindAYoungCheckpoint_IsDetected()
    {
        var (_, session) = await _api.StartAsync(ttlSeconds: 43200);
        await _api.IssueAsync(session.SessionToken);
        await _api.IssueAsync(session.SessionToken);
        Assert.True(await Checkpointer.CheckpointAsync(Ct)); // seq 3
        _factory.Time.Advance(TimeSpan.FromMinutes(30));
        await _api.IssueAsync(session.SessionToken);
        var log = _factory.Services.GetRequiredService<JitTokens.Core.Audit.IAuditLog>();

        Assert.Equal(3, await log.TrimThroughAsync(3, Ct));

        var auditor = await _api.LoginAsync("audrey", JitRoles.Auditor);
        var verification = await GetAsync(auditor, "/v1/audit/verify", JitJsonContext.Default.AuditVerification);
        Assert.False(verification.Valid);
        Assert.Equal(1, verification.FirstBadSeq);
        Assert.Contains("deleted before their time", verification.Reason, StringComparison.Ordinal);

        _factory.Time.Advance(TimeSpan.FromMinutes(31)); // now the checkpoint is old enough for retention to have trimmed there
        verification = await GetAsync(auditor, "/v1/audit/verify", JitJsonContext.Default.AuditVerification);
        Assert.True(verification.Valid, verification.Reason);
    }

    private async Task<T> GetAsync<T>(string bearer, string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using var response = await _api.SendAsync(HttpMethod.Get, path, bearer);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Api.ReadAsync(response, type);
    }
}
