using System.CommandLine;
using System.Text.Json;
using JitTokens.Abstractions.Json;
using JitTokens.Cli.Output;

namespace JitTokens.Cli.Commands;

/// <summary>
/// <c>jit escalations [--pending] [--limit n] [--json]</c>: newest first, as the human of
/// <c>$JIT_HUMAN_TOKEN</c> (approvers, auditors and admins see everyone's) or, without one, as the
/// session of <c>$JIT_SESSION_TOKEN</c> (its own). A table on stdout; nothing but a stderr line when empty.
/// </summary>
internal static class EscalationsCommand
{
    /// <summary>The server's largest page (<c>limit</c> of <c>GET /v1/escalations</c>).</summary>
    private const int MaxLimit = 500;

    public static Command Create(CliContext context)
    {
        var pending = new Option<bool>("--pending") { Description = "Only escalations still waiting for a decision" };
        var limit = CommonOptions.CreateLimit(MaxLimit, $"At most this many, newest first (1–{MaxLimit}). Default: the server's (100)");
        var json = new Option<bool>("--json") { Description = "Print the list as JSON (GET /v1/escalations)" };

        var command = new Command("escalations", "List escalations: everyone's for approvers, auditors and admins ($JIT_HUMAN_TOKEN), else the session's own ($JIT_SESSION_TOKEN)") { pending, limit, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if ((context.Env(EnvironmentVariables.HumanToken) ?? context.Env(EnvironmentVariables.SessionToken)) is not { } bearer)
            {
                return await Reporter.UsageAsync(context,
                    $"neither {EnvironmentVariables.HumanToken} nor {EnvironmentVariables.SessionToken} is set; log in as an approver (eval \"$(jit login --dev <user>)\") or run inside a session");
            }

            var pendingOnly = parse.GetValue(pending);
            return await IssuerConnection.WithClientAsync(context, parse.GetValue(context.Url), async client =>
            {
                var result = await client.ListEscalationsAsync(bearer, pendingOnly, parse.GetValue(limit), cancellationToken);
                if (!result.IsSuccess)
                {
                    return await Reporter.FailAsync(context, result.Problem);
                }

                if (parse.GetValue(json))
                {
                    await context.Out.WriteLineAsync(JsonSerializer.Serialize(result.Value, JitJson.Context.EscalationList));
                }
                else if (result.Value.Escalations.Count == 0)
                {
                    // Like kubectl: an empty answer is not an error, and stdout stays empty for scripts.
                    await context.Error.WriteLineAsync(pendingOnly ? "jit: no pending escalations" : "jit: no escalations");
                }
                else
                {
                    await context.Out.WriteLineAsync(EscalationTable.Render(result.Value.Escalations, context));
                }

                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
