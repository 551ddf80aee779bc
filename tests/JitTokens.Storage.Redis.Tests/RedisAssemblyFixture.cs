using JitTokens.TestSupport.Redis;

// One real redis-server for the whole assembly; each test works under its own key prefix.
[assembly: AssemblyFixture(typeof(RedisServerFixture))]
