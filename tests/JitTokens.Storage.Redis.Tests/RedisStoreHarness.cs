using JitTokens.Core.Audit;
using JitTokens.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JitTokens.Storage.Redis.Tests;

/// <summary>A Redis store and audit log as the container would build them, on a given server, key prefix, clock and timeout, sharing one connection.</summary>
internal sealed class RedisStoreHarness : IDisposable
{
    public RedisStoreHarness(string configuration, string keyPrefix, TimeProvider time, TimeSpan? operationTimeout = null)
    {
        Options = Microsoft.Extensions.Options.Options.Create(new RedisStoreOptions
        {
            Configuration = configuration,
            KeyPrefix = keyPrefix,
            OperationTimeout = operationTimeout ?? TimeSpan.FromSeconds(2),
        });
        Connection = new RedisConnection(Options, NullLogger<RedisConnection>.Instance);
        Store = new RedisJitStore(Connection, Options, time);
        AuditLog = new RedisAuditLog(Connection, Options, NullLogger<RedisAuditLog>.Instance);
    }

    public IOptions<RedisStoreOptions> Options { get; }

    public RedisConnection Connection { get; }

    /// <summary>Typed as the port, so tests exercise what callers use.</summary>
    public IJitStore Store { get; }

    /// <summary>Typed as the port, like <see cref="Store"/>.</summary>
    public IAuditLog AuditLog { get; }

    public void Dispose() => Connection.Dispose();
}
