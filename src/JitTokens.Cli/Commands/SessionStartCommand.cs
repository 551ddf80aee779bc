using System.CommandLine;
using JitTokens.Abstractions.Json;
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
        var options = new SessionOptions();
        var command = new Command("start", "Start a session for an agent; use as: eval \"$(jit session start …)\"");
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (context.Env(EnvironmentVariables.HumanToken) is not { } humanToken)
            {
                return await Reporter.MissingAsync(context, EnvironmentVariables.HumanToken, "log in first: eval \"$(jit login --dev <user>)\"");
            }

            var request = options.ToRequest(parse);
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
