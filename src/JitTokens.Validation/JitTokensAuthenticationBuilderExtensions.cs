using JitTokens.Validation.Authentication;
using JitTokens.Validation.Authorization;
using JitTokens.Validation.Hosting;
using JitTokens.Validation.Issuer;
using JitTokens.Validation.Revocation;
using JitTokens.Validation.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JitTokens.Validation;

/// <summary>Registers JitTokens access-token validation for a resource server (DESIGN.md §6).</summary>
public static class JitTokensAuthenticationBuilderExtensions
{
    /// <summary>
    /// Adds the JwtBearer scheme <see cref="JitTokensDefaults.AuthenticationScheme"/> for JitTokens
    /// access tokens: ES256 signatures from the issuer's JWKS, <c>typ: at+jwt</c>, issuer, the
    /// environment's audience and <c>env</c>, lifetime with <see cref="JitTokensOptions.ClockSkew"/>,
    /// and the issuer's revocation feed, followed in the background (every token is refused until
    /// it has been read, and while it is stale). Protect endpoints with
    /// <see cref="JitScopeEndpointConventionBuilderExtensions.RequireJitScope"/>.
    /// The options are checked when the host starts.
    /// </summary>
    /// <param name="builder">From <c>services.AddAuthentication()</c>.</param>
    /// <param name="configure">Sets at least <see cref="JitTokensOptions.Issuer"/> and <see cref="JitTokensOptions.Environment"/>.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static AuthenticationBuilder AddJitTokens(this AuthenticationBuilder builder, Action<JitTokensOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        var services = builder.Services;
        services.AddOptions<JitTokensOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JitTokensOptions>, JitTokensOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();

        services.TryAddSingleton<IssuerClient>();
        services.TryAddSingleton(sp => new IssuerState { Audience = sp.GetRequiredService<IOptions<JitTokensOptions>>().Value.Audience });
        services.TryAddSingleton<SigningKeySource>();
        services.TryAddSingleton<RevocationList>();
        services.TryAddSingleton<FeedHealth>();
        services.TryAddSingleton<RevocationFeedFollower>();
        services.AddHostedService<IssuerFollowerService>();

        services.TryAddSingleton<ValidationTelemetry>();
        services.TryAddSingleton<RejectionResponder>();
        services.TryAddSingleton<JitBearerEvents>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>());

        services.AddAuthorization();
        services.TryAddSingleton<SingleUseConsumer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, JitScopeHandler>());

        return builder.AddJwtBearer(JitTokensDefaults.AuthenticationScheme, _ => { });
    }
}
