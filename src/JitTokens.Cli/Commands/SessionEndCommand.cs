using System.CommandLine;
using JitTokens.Cli.Output;

namespace JitTokens.Cli.Commands;

/// <summary>
/// <c>jit session end [--id ses_…]</c>: without <c>--id</c> ends the session of
/// <c>$JIT_SESSION_TOKEN</c>; with it, acts as the human of <c>$JIT_HUMAN_TOKEN</c> (owner or admin).
/// Idempotent like the server. One line on stderr, nothing on stdout.
/// </summary>
internal static class SessionEndCommand
{
    private const string Consequence = "its tokens are revoked and its pending escalations cancelled";

    public static Command Create(CliContext context)
    {
        var id = new Option<string?>("--id") { Description = "End this session as its owner or an admin (uses $JIT_HUMAN_TOKEN)", HelpName = "ses_…" };
        var command = new Command("end", "End a session: revokes every token it minted") { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var sessionId = parse.GetValue(id);
            if (sessionId is not null)
            {
                if (string.IsNullOrWhiteSpace(sessionId))
                {
                    return await Reporter.UsageAsync(context, "--id needs a session id (ses_…)");
                }

                if (context.Env(EnvironmentVariables.HumanToken) is not { } humanToken)
                {
                    return await Reporter.MissingAsync(context, EnvironmentVariables.HumanToken, "ending a session by id needs its owner or an admin: eval \"$(jit login --dev <user>)\"");
                }

                return await IssuerConnection.WithClientAsync(context, parse.GetValue(context.Url), async client =>
                {
                    var result = await client.EndSessionAsync(humanToken, sessionId.Trim(), cancellationToken);
                    return result.IsSuccess
                        ? await EndedAsync(context, sessionId.Trim())
                        : await Reporter.FailAsync(context, result.Problem);
                });
            }

            if (context.Env(EnvironmentVariables.SessionToken) is not { } sessionToken)
            {
                return await Reporter.MissingAsync(context, EnvironmentVariables.SessionToken, "pass --id ses_… to end a session as its owner");
            }

            return await IssuerConnection.WithClientAsync(context, parse.GetValue(context.Url), async client =>
            {
                var result = await client.EndCurrentSessionAsync(sessionToken, cancellationToken);
                return result.IsSuccess
                    ? await EndedAsync(context, context.Env(EnvironmentVariables.SessionId))
                    : await Reporter.FailAsync(context, result.Problem);
            });
        });
        return command;
    }

    private static async Task<int> EndedAsync(CliContext context, string? sessionId)
    {
        var name = sessionId is null ? "session" : "session " + Redactor.Clean(sessionId, context);
        await context.Error.WriteLineAsync($"jit: {name} ended; {Consequence}");
        return ExitCodes.Ok;
    }
}
