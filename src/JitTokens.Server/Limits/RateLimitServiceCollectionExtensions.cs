using JitTokens.Core.Limits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Limits;

/// <summary>Registers the per-session and per-human rate limits (<c>JitTokens:RateLimits</c>), validated at start.</summary>
internal static class RateLimitServiceCollectionExtensions
{
    public static IServiceCollection AddJitTokensRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>());
        services.TryAddSingleton<RateLimits>();
        return services;
    }
}
