using JitTokens.Core.Audit;
using JitTokens.TestSupport.Audit;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Storage.Redis.Tests;

/// <summary>
/// The Redis audit log against the shared log contract, on the assembly's redis-server, one key prefix per test.
/// A new instance has its own connection, like another server process on the same Redis.
/// </summary>
public sealed class RedisAuditLogContractTests(RedisServerFixture redis) : AuditLogContractTests, IDisposable
{
    private readonly string _prefix = RedisServerFixture.NewKeyPrefix();
    private readonly List<RedisStoreHarness> _harnesses = [];

    internal override IAuditLog OpenLog()
    {
        var harness = new RedisStoreHarness(redis.Configuration, _prefix, TimeProvider.System);
        _harnesses.Add(harness);
        return harness.AuditLog;
    }

    protected override async Task<IReadOnlyList<string>> ReadStoredAsync()
        => [.. (await RedisAuditStream.ReadAsync(redis.Server, _prefix)).Select(e => e.Event)];

    protected override Task RewriteStoredAsync(IReadOnlyList<string> events) => RedisAuditStream.RewriteAsync(redis.Server, _prefix, events);

    public void Dispose()
    {
        foreach (var harness in _harnesses)
        {
            harness.Dispose();
        }
    }
}
