using System.CommandLine;
using System.Text.Json;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Cli.Output;

namespace JitTokens.Cli.Commands;

/// <summary><c>jit session show [--json]</c>: the session of <c>$JIT_SESSION_TOKEN</c> on stdout.</summary>
internal static class SessionShowCommand
{
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print the session as JSON (GET /v1/sessions/current)" };
        var command = new Command("show", "Show the current session (of $JIT_SESSION_TOKEN)") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (context.Env(EnvironmentVariables.SessionToken) is not { } sessionToken)
            {
                return await Reporter.MissingAsync(context, EnvironmentVariables.SessionToken, "start a session first: eval \"$(jit session start --agent <name> --env <env> --purpose \"…\")\"");
            }

            return await IssuerConnection.WithClientAsync(context, parse.GetValue(context.Url), async client =>
            {
                var result = await client.GetCurrentSessionAsync(sessionToken, cancellationToken);
                if (!result.IsSuccess)
                {
                    return await Reporter.FailAsync(context, result.Problem);
                }

                await context.Out.WriteLineAsync(parse.GetValue(json)
                    ? JsonSerializer.Serialize(result.Value, JitJson.Context.SessionView)
                    : Describe(result.Value));
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static string Describe(SessionView session)
    {
        var state = session.Active ? "active"
            : session.EndedAt is { } ended ? "ended at " + UtcTimestampConverter.Format(ended)
            : "expired";
        return $"session:      {session.SessionId}\n" +
               $"agent:        {session.Agent}\n" +
               $"owner:        {session.Owner}\n" +
               $"environments: {string.Join(", ", session.Environments)}\n" +
               $"scopes:       {string.Join(", ", session.Scopes)}\n" +
               $"purpose:      {session.Purpose}\n" +
               $"created:      {UtcTimestampConverter.Format(session.CreatedAt)}\n" +
               $"expires:      {UtcTimestampConverter.Format(session.ExpiresAt)}\n" +
               $"state:        {state}";
    }
}
