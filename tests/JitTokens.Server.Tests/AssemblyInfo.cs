using JitTokens.TestSupport.Redis;

// One real redis-server for the whole assembly; each Redis-backed server gets its own key prefix.
[assembly: AssemblyFixture(typeof(RedisServerFixture))]
