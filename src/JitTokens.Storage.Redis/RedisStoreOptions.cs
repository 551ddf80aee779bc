namespace JitTokens.Storage.Redis;

/// <summary>
/// Where the Redis store lives and how long it may take. Bound from the configuration section
/// <c>JitTokens:Redis</c> (environment variables <c>JitTokens__Redis__…</c>).
/// </summary>
internal sealed class RedisStoreOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "JitTokens:Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c> or
    /// <c>redis.internal:6379,password=…,ssl=true</c>. Required; no default. One Redis instance
    /// (not a cluster): the store's scripts touch keys they derive at run time.
    /// <c>abortConnect</c> is always forced to false so the server starts while Redis is down.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key the store writes. Default <c>jit:</c>.</summary>
    public string KeyPrefix { get; set; } = "jit:";

    /// <summary>
    /// The longest one store call may take, connecting included, before it fails with
    /// <see cref="Core.Errors.StoreUnavailableException"/>. Default 2 seconds.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
