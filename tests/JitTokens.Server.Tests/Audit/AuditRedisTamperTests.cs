using System.Net;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Json;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Audit;

/// <summary>Tamper evidence with the log in Redis: someone with access to Redis edits the stream; verification names the first bad seq.</summary>
public sealed class AuditRedisTamperTests : ServerTestBase
{
    private readonly RedisServerFixture _redis;

    public AuditRedisTamperTests(RedisServerFixture redis)
        : base(redis)
    {
        _redis = redis;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeletedEntry_IsDetected()
    {
        await ActivityAsync();
        var prefix = Prefix();

        await _redis.Server.ExecuteAsync(["XDEL", prefix + "audit", "3-0"], Ct);

        var result = await VerifyAsync();
        Assert.False(result.Valid);
        Assert.Equal(3, result.FirstBadSeq);
    }

    [Fact]
    public async Task RewrittenStreamWithAChangedEvent_IsDetected()
    {
        await ActivityAsync();
        var key = Prefix() + "audit";
        var entries = (object?[])(await _redis.Server.ExecuteAsync(["XRANGE", key, "-", "+"], Ct))!;
        await _redis.Server.ExecuteAsync(["DEL", key], Ct);
        foreach (var entry in entries.Cast<object?[]>())
        {
            var id = (string)entry[0]!;
            var fields = (object?[])entry[1]!;
            var json = (string)fields[1]!;
            if (id == "2-0")
            {
                json = json.Replace("\"actor\":\"agent:cursor-42\"", "\"actor\":\"agent:cursor-43\"", StringComparison.Ordinal);
            }

            await _redis.Server.ExecuteAsync(["XADD", key, id, (string)fields[0]!, json], Ct);
        }

        var result = await VerifyAsync();
        Assert.False(result.Valid);
        Assert.Equal(2, result.FirstBadSeq);
    }

    private string Prefix()
    {
        var options = (Microsoft.Extensions.Options.IOptions<JitTokens.Storage.Redis.RedisStoreOptions>)Factory.Services.GetService(typeof(Microsoft.Extensions.Options.IOptions<JitTokens.Storage.Redis.RedisStoreOptions>))!;
        return options.Value.KeyPrefix;
    }

    private async Task ActivityAsync()
    {
        var (_, session) = await Api.StartAsync();
        for (var i = 0; i < 4; i++)
        {
            await Api.IssueAsync(session.SessionToken);
        }
    }

    private async Task<AuditVerification> VerifyAsync()
    {
        var auditor = await Api.LoginAsync("audrey", JitRoles.Auditor);
        using var response = await Api.SendAsync(HttpMethod.Get, "/v1/audit/verify", auditor);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Api.ReadAsync(response, JitJsonContext.Default.AuditVerification);
    }
}
