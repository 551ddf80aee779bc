using JitTokens.Core.Audit;
using JitTokens.Core.Errors;
using JitTokens.Core.Storage;

namespace JitTokens.Server.Endpoints;

/// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: the store and the issuance log accept writes (DESIGN.md §3.7).</summary>
internal static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapGet("/readyz", async (IJitStore store, IAuditSink audit, CancellationToken cancellationToken) =>
        {
            try
            {
                await store.CheckWritableAsync(cancellationToken);
            }
            catch (StoreUnavailableException)
            {
                return Results.Text("store unavailable", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            try
            {
                await audit.CheckWritableAsync(cancellationToken);
            }
            catch (AuditUnavailableException)
            {
                return Results.Text("audit log unavailable", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            return Results.Text("ready");
        });
    }
}
