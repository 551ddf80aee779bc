using JitTokens.Validation.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace JitTokens.Validation;

/// <summary>Protects endpoints with a JitTokens scope (DESIGN.md §6).</summary>
public static class JitScopeEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Requires a valid JitTokens access token (scheme <see cref="JitTokensDefaults.AuthenticationScheme"/>)
    /// whose one <c>scope</c> is <paramref name="scope"/>; when the token names a <c>target</c>, the
    /// request must name the same one through <paramref name="target"/> (compared as invariant text,
    /// ordinal). A single-use token (<c>use: "once"</c>) is consumed at the issuer after these checks
    /// pass, before the endpoint runs.
    /// <list type="bullet">
    /// <item>No or an invalid token: 401 with <c>WWW-Authenticate: Bearer error="invalid_token"</c> (RFC 6750 §3.1).</item>
    /// <item>Another scope, another target, or a target-bound token where <paramref name="target"/> is null or yields null:
    /// 403 with <c>WWW-Authenticate: Bearer error="insufficient_scope", scope="…"</c>.</item>
    /// <item>A single-use token used before: 401; the issuer unreachable to consume it: 503 (the token is not used).</item>
    /// </list>
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint builder, e.g. from <c>MapDelete</c>.</typeparam>
    /// <param name="builder">The endpoint (or group) to protect.</param>
    /// <param name="scope">The scope the token must carry, e.g. <c>volume:delete</c>.</param>
    /// <param name="target">The object the request acts on, e.g. <c>ctx =&gt; ctx.GetRouteValue("id")</c>; null when the endpoint names none.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static TBuilder RequireJitScope<TBuilder>(this TBuilder builder, string scope, Func<HttpContext, object?>? target = null)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);

        var policy = new AuthorizationPolicyBuilder(JitTokensDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new JitScopeRequirement(scope, target))
            .Build();
        builder.WithMetadata(new JitScopeMetadata(scope));
        return builder.RequireAuthorization(policy);
    }
}
