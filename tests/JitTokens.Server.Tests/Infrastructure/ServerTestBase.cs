using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Infrastructure;

/// <summary>
/// A fresh server per test: tests never share state. With a Redis fixture the server runs on the
/// Redis store (its own key prefix on the shared redis-server), otherwise on the in-memory store.
/// Suites that must hold on both stores nest an <c>InMemory</c> and an <c>OnRedis</c> subclass.
/// </summary>
public abstract class ServerTestBase : IDisposable
{
    protected ServerTestBase(RedisServerFixture? redis = null)
    {
        Factory = new JitServerFactory(redis is null ? null : new Dictionary<string, string?>
        {
            ["JitTokens:Redis:Configuration"] = redis.Configuration,
            ["JitTokens:Redis:KeyPrefix"] = RedisServerFixture.NewKeyPrefix(),
        });
        Api = new Api(Factory.CreateClient());
    }

    internal JitServerFactory Factory { get; }

    internal Api Api { get; }

    public void Dispose()
    {
        Api.Http.Dispose();
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }
}
