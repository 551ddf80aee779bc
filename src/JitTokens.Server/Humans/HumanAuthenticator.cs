using System.Collections.Frozen;
using JitTokens.Abstractions;
using JitTokens.Core;
using JitTokens.Core.Audit;
using JitTokens.Core.Errors;
using JitTokens.Core.Humans;
using JitTokens.Core.Limits;
using JitTokens.Server.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Humans;

/// <summary>
/// Resolves the human behind a request with the JwtBearer scheme <see cref="SchemeName"/>. A
/// session token or a token that fails validation is refused (401) and audited as
/// <c>auth.failed</c>; a missing credential is refused without an event.
/// </summary>
internal sealed class HumanAuthenticator(IOptions<HumanAuthOptions> options, IAuditSink audit, RateLimits limits, TimeProvider time, ILogger<HumanAuthenticator> logger)
{
    public const string SchemeName = "Human";
    private readonly HumanAuthOptions _options = options.Value;

    /// <summary>The human, counted against their rate limit unless <paramref name="exemptFromRateLimit"/> (ending a session).</summary>
    public async Task<Result<Human>> AuthenticateAsync(HttpContext context, bool exemptFromRateLimit = false)
    {
        var credential = Bearer.From(context.Request);
        if (credential is null)
        {
            return JitError.AccessDenied("a human bearer token is required (Authorization: Bearer <your identity provider's JWT>)", StatusCodes.Status401Unauthorized);
        }

        if (credential.StartsWith(Core.Sessions.SessionToken.Prefix, StringComparison.Ordinal))
        {
            return await FailAsync(context, "a session token cannot act for a human").ConfigureAwait(false);
        }

        var result = await context.AuthenticateAsync(SchemeName).ConfigureAwait(false);
        if (!result.Succeeded || result.Principal is not { } principal)
        {
            Log.HumanAuthenticationFailed(logger, result.Failure?.GetType().Name ?? "no principal");
            return await FailAsync(context, "the human token is not valid here (wrong issuer, audience, signature or lifetime)").ConfigureAwait(false);
        }

        var name = principal.FindFirst(_options.NameClaim)?.Value ?? principal.FindFirst("sub")?.Value;
        if (!TextRules.IsUserName(name))
        {
            return await FailAsync(context, $"the human token has no usable {_options.NameClaim} or sub claim (1–{TextRules.UserMax} characters, no spaces or colons, not 'anonymous')").ConfigureAwait(false);
        }

        var roles = principal.FindAll(_options.RolesClaim)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToFrozenSet(StringComparer.Ordinal);
        return !exemptFromRateLimit && limits.ForHuman(name!) is { } limited ? limited : new Human(name!, roles);
    }

    private async Task<Result<Human>> FailAsync(HttpContext context, string detail)
    {
        await audit.AppendAsync(AuditEvents.Create(AuditEventTypes.AuthFailed, time.GetUtcNow(), "anonymous", Callers.From(context)) with
        {
            Error = ErrorCodes.AccessDenied,
        }, context.RequestAborted).ConfigureAwait(false);
        return JitError.AccessDenied(detail, StatusCodes.Status401Unauthorized);
    }
}
