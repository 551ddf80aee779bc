using JitTokens.Validation.Authentication;
using JitTokens.Validation.Issuer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JitTokens.Validation.Authorization;

/// <summary>
/// Consumes a <c>use: "once"</c> token at the issuer (<c>POST /oauth/introspect</c>, <c>consume=true</c>,
/// DESIGN.md §3.5) before the request runs. The issuer decides atomically, so of two requests with
/// the same token exactly one gets through. At most one call per request.
/// </summary>
internal sealed class SingleUseConsumer(IssuerClient issuer, IssuerState state, ILogger<SingleUseConsumer> logger)
{
    public Task<JitRejection?> ConsumeAsync(HttpContext context, SingleUseToken token)
        => token.Consumption ??= CallIssuerAsync(token, context.RequestAborted);

    private async Task<JitRejection?> CallIssuerAsync(SingleUseToken token, CancellationToken cancellationToken)
    {
        if (state.Endpoints?.Introspection is not { } introspection)
        {
            Log.SingleUseNotConsumed(logger, token.Jti, "the issuer publishes no introspection_endpoint");
            return Unavailable;
        }

        try
        {
            var answer = await issuer.ConsumeAsync(introspection, token.Token, cancellationToken).ConfigureAwait(false);
            if (answer.Active && (answer.Jti is null || answer.Jti == token.Jti))
            {
                Log.SingleUseConsumed(logger, token.Jti);
                return null;
            }

            return JitRejection.Invalid(JitRejectionReasons.SingleUseConsumed, "this single-use token was used already or is no longer active");
        }
        catch (Exception e) when (e is HttpRequestException or IssuerException or TimeoutException)
        {
            Log.SingleUseNotConsumed(logger, token.Jti, e.Message);
            return Unavailable;
        }
    }

    private static JitRejection Unavailable { get; } = new(
        JitRejectionReasons.IssuerUnavailable,
        null,
        "the issuer could not be reached to consume this single-use token; it was not used, try again",
        StatusCodes.Status503ServiceUnavailable);
}
