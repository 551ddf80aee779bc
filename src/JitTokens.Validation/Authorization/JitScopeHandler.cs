using System.Globalization;
using JitTokens.Validation.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace JitTokens.Validation.Authorization;

/// <summary>
/// Checks <see cref="JitScopeRequirement"/> for a validated JitTokens token: its <c>scope</c> is
/// the endpoint's, its <c>target</c> (when it has one) is the one the request names, and a
/// single-use token is consumed at the issuer last, only when everything else passed.
/// </summary>
internal sealed class JitScopeHandler(SingleUseConsumer consumer) : AuthorizationHandler<JitScopeRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, JitScopeRequirement requirement)
    {
        // Without a JitTokens identity the policy challenges (401); nothing to check or consume here.
        var identity = context.User.Identities.FirstOrDefault(i => i.IsAuthenticated && i.AuthenticationType == JitTokensDefaults.AuthenticationScheme);
        if (context.Resource is not HttpContext http || identity is null || context.HasFailed)
        {
            return;
        }

        if (identity.FindFirst(JitClaims.Scope)?.Value != requirement.Scope)
        {
            Refuse(context, http, JitRejection.Insufficient(JitRejectionReasons.InsufficientScope, requirement.Scope, $"this request needs a token with scope {requirement.Scope}"));
            return;
        }

        if (identity.FindFirst(JitClaims.Target)?.Value is { } target && target != RequestTarget(http, requirement))
        {
            Refuse(context, http, JitRejection.Insufficient(JitRejectionReasons.TargetMismatch, requirement.Scope, "the token is for another target than this request"));
            return;
        }

        if (SingleUseToken.Find(http) is { } once && await consumer.ConsumeAsync(http, once).ConfigureAwait(false) is { } refused)
        {
            Refuse(context, http, refused);
            return;
        }

        context.Succeed(requirement);
    }

    /// <summary>The target the request names; null when the endpoint names none (then a token bound to a target is refused).</summary>
    private static string? RequestTarget(HttpContext http, JitScopeRequirement requirement)
        => requirement.Target?.Invoke(http) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    private void Refuse(AuthorizationHandlerContext context, HttpContext http, JitRejection rejection)
    {
        JitScopeFailure.Set(http, rejection);
        context.Fail(new AuthorizationFailureReason(this, rejection.Description));
    }
}
