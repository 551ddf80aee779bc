using JitTokens.Core.Audit;
using JitTokens.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JitTokens.Storage.Redis;

/// <summary>Registers the Redis store and the Redis issuance log.</summary>
internal static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="RedisStoreOptions"/> from <paramref name="redisSection"/> (normally
    /// <c>JitTokens:Redis</c>) and validates them at startup, then registers the
    /// <see cref="RedisConnection"/> (which owns the multiplexer and is disposed with the container) and
    /// <see cref="IJitStore"/> → <see cref="RedisJitStore"/>, all singletons, with TryAdd (an earlier
    /// registration wins). Adds logging if the host has not. Needs a <see cref="TimeProvider"/> registered by the host.
    /// </summary>
    public static IServiceCollection AddRedisJitStore(this IServiceCollection services, IConfiguration redisSection)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(redisSection);
        services.AddLogging();
        services.AddOptions<RedisStoreOptions>().Bind(redisSection).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisStoreOptions>, RedisStoreOptionsValidator>());
        services.TryAddSingleton<RedisConnection>();
        services.TryAddSingleton<IJitStore, RedisJitStore>();
        return services;
    }

    /// <summary>
    /// Registers <see cref="IAuditLog"/> → <see cref="RedisAuditLog"/> (singleton, TryAdd: an earlier registration wins),
    /// so that every server instance on this Redis appends to one hash chain. It uses the store's
    /// <see cref="RedisConnection"/> and <see cref="RedisStoreOptions"/> (key prefix, operation timeout): call
    /// <see cref="AddRedisJitStore"/> first, which binds them; without it, startup validation fails and says which
    /// setting is missing. Adds logging if the host has not. The log's keys never expire (<see cref="RedisKeys"/>).
    /// </summary>
    public static IServiceCollection AddRedisAuditLog(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        services.AddOptions<RedisStoreOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisStoreOptions>, RedisStoreOptionsValidator>());
        services.TryAddSingleton<RedisConnection>();
        // Its own connection (multiplexer), so large audit batches never queue ahead of the hot path's round trip.
        services.TryAddSingleton<IAuditLog>(sp => new RedisAuditLog(
            ActivatorUtilities.CreateInstance<RedisConnection>(sp),
            sp.GetRequiredService<IOptions<RedisStoreOptions>>(),
            sp.GetRequiredService<ILogger<RedisAuditLog>>()) { OwnsConnection = true });
        return services;
    }
}
