using JitTokens.Core.Errors;

namespace JitTokens.Server.Http;

/// <summary>
/// Turns the failures that are not the caller's fault into problem responses: an unavailable
/// store or audit log is 503 <c>unavailable</c> (fail closed), a body over the limit is 413, and
/// anything else is a bug: 500, logged by type only.
/// </summary>
internal sealed class ProblemExceptionMiddleware(RequestDelegate next, ILogger<ProblemExceptionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var result = Map(e);
            context.Response.Clear();
            await result.ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    private IResult Map(Exception e)
    {
        switch (e)
        {
            case StoreUnavailableException:
                Log.StoreUnavailable(logger, e.Message);
                return Problems.Unavailable("the token store is unavailable; nothing was issued, try again shortly");
            case AuditUnavailableException:
                Log.AuditUnavailable(logger, e.Message);
                return Problems.Unavailable("the issuance log is unavailable; nothing was issued, try again shortly");
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                return Problems.PayloadTooLarge();
            case BadHttpRequestException bad:
                return Problems.From(new JitError(Abstractions.ErrorCodes.InvalidRequest, bad.StatusCode, "the HTTP request is malformed"));
            default:
                Log.UnhandledException(logger, e.GetType().FullName ?? "exception", e.StackTrace ?? string.Empty);
                return Problems.From(new JitError("server_error", StatusCodes.Status500InternalServerError, "an internal error occurred; it has been logged"));
        }
    }
}
