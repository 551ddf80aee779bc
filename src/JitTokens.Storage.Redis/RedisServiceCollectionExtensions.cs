using JitTokens.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JitTokens.Storage.Redis;

/// <summary>Registers the Redis store.</summary>
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
}
