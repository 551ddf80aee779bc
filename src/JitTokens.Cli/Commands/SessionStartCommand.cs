using System.CommandLine;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Cli.Output;

namespace JitTokens.Cli.Commands;

/// <summary>
/// <c>jit session start --agent … --env … [--scope …] [--ttl 2h] --purpose "…"</c> as the human of
/// <c>$JIT_HUMAN_TOKEN</c>: prints <c>export JIT_SESSION_TOKEN=…</c> and <c>export JIT_SESSION_ID=…</c>
/// on stdout, a summary on stderr.
/// </summary>
internal static class SessionStartCommand
{
    public static Command Create(CliContext context)
    {
        var agent = new Option<string>("--agent") { Description = "The agent's name, e.g. cursor-42", HelpName = "name", Required = true };
        var environments = new Option<string[]>("--env") { Description = "An environment the agent may ask tokens for; repeat for several", HelpName = "env", Required = true };
        var scopes = new Option<string[]>("--scope") { Description = "A scope the agent may ask for; repeat for several. Default: every scope the catalog allows in those environments", HelpName = "scope" };
        var ttl = CommonOptions.CreateTtl("How long the session lasts, e.g. 2h. Default: the server's (2h)");
        var purpose = new Option<string>("--purpose") { Description = "Why the agent needs the session (8–500 characters)", HelpName = "text", Required = true };

        var command = new Command("start", "Start a session for an agent; use as: eval \"$(jit session start …)\"") { agent, environments, scopes, ttl, purpose };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (context.Env(EnvironmentVariables.HumanToken) is not { } humanToken)
            {
                return await Reporter.MissingAsync(context, EnvironmentVariables.HumanToken, "log in first: eval \"$(jit login --dev <user>)\"");
            }

            var request = new StartSessionRequest
            {
                Agent = parse.GetRequiredValue(agent),
                Environments = parse.GetRequiredValue(environments),
                Scopes = parse.GetValue(scopes) is { Length: > 0 } s ? s : null,
                TtlSeconds = CommonOptions.ToSeconds(parse.GetValue(ttl)),
                Purpose = parse.GetRequiredValue(purpose),
            };
            return await IssuerConnection.WithClientAsync(context, parse.GetValue(context.Url), async client =>
            {
                var result = await client.StartSessionAsync(humanToken, request, cancellationToken);
                if (!result.IsSuccess)
                {
                    return await Reporter.FailAsync(context, result.Problem);
                }

                var session = result.Value;
                await context.Out.WriteLineAsync(ShellExport.Line(EnvironmentVariables.SessionToken, session.SessionToken));
                await context.Out.WriteLineAsync(ShellExport.Line(EnvironmentVariables.SessionId, session.SessionId));
                await context.Error.WriteLineAsync(
                    $"jit: session {session.SessionId} started for agent {session.Agent} (owner {session.Owner})\n" +
                    $"  environments: {string.Join(", ", session.Environments)}\n" +
                    $"  scopes:       {string.Join(", ", session.Scopes)}\n" +
                    $"  expires:      {UtcTimestampConverter.Format(session.ExpiresAt)}\n" +
                    "  end it with:  jit session end");
                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
