using JitTokens.Core.Storage;
using JitTokens.TestSupport.Clock;
using JitTokens.TestSupport.Redis;
using JitTokens.TestSupport.Storage;

namespace JitTokens.Storage.Redis.Tests;

/// <summary>The Redis store against the shared store contract, on the assembly's redis-server, one key prefix per test.</summary>
public sealed class RedisJitStoreContractTests(RedisServerFixture redis) : JitStoreContractTests, IDisposable
{
    private readonly List<RedisStoreHarness> _harnesses = [];

    internal override IJitStore CreateStore(ManualTimeProvider time)
    {
        var harness = new RedisStoreHarness(redis.Configuration, RedisServerFixture.NewKeyPrefix(), time);
        _harnesses.Add(harness);
        return harness.Store;
    }

    public void Dispose()
    {
        foreach (var harness in _harnesses)
        {
            harness.Dispose();
        }
    }
}
