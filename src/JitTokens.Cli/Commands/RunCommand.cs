using System.CommandLine;
using System.CommandLine.Parsing;
using JitTokens.Cli.Output;
using JitTokens.Cli.Run;

namespace JitTokens.Cli.Commands;

/// <summary>
/// <c>jit run --agent … --env … [--scope …] [--ttl 2h] --purpose "…" [--heartbeat 30s] -- &lt;command…&gt;</c> as the
/// human of <c>$JIT_HUMAN_TOKEN</c>: a session for just this command (see <see cref="SessionRun"/>).
/// </summary>
internal static class RunCommand
{
    private const string Help =
        "Run a command as an agent: starts a session, runs the command with JIT_SESSION_TOKEN, JIT_SESSION_ID and JIT_URL " +
        "and without JIT_HUMAN_TOKEN or any other JIT_* variable, and ends the session when the command exits, however it exits " +
        "(SIGINT, SIGTERM, SIGHUP and SIGQUIT are passed on to the command). Exits with the command's code (128+n if a signal n " +
        "killed it, 127 if it was not found, 126 if it could not be run). If the session cannot be ended, says so on stderr and " +
        "exits with the command's code, or 5 (unavailable) when that was 0. With --heartbeat, jit sends a heartbeat before the " +
        "command starts (if it fails, the session is ended, nothing is run, exit 5) and every third of the duration while it runs; " +
        "if jit is killed with SIGKILL or its host dies, the issuer ends the session within the heartbeat duration (plus its sweep " +
        "interval, 5 s by default)";

    public static Command Create(CliContext context)
    {
        var options = new SessionOptions();
        var command = new Argument<string[]>("command")
        {
            Description = "The command and its arguments, after --",
            Arity = ArgumentArity.OneOrMore,
        };

        var heartbeat = CommonOptions.CreateDuration("--heartbeat",
            "Send heartbeats while the command runs; the issuer ends the session when none came for this long, e.g. because jit was killed (5s to 1h, e.g. 30s, 2m)",
            HeartbeatLoop.Min, HeartbeatLoop.Max);

        var run = new Command("run", Help) { command };
        options.AddTo(run);
        run.Options.Add(heartbeat);
        run.SetAction(async (parse, cancellationToken) =>
        {
            var argv = parse.GetRequiredValue(command);
            if (!AllAfterDoubleDash(parse, argv.Length))
            {
                // Without "--", "jit run … make deploy --env production" would give the agent production.
                return await Reporter.UsageAsync(context, "put the command after --, e.g. jit run --agent demo --env staging --purpose \"…\" -- make test");
            }

            if (context.Env(EnvironmentVariables.HumanToken) is not { } humanToken)
            {
                return await Reporter.MissingAsync(context, EnvironmentVariables.HumanToken, "log in first: eval \"$(jit login --dev <user>)\"");
            }

            var request = options.ToRequest(parse);
            return await IssuerConnection.WithClientAsync(context, parse.GetValue(context.Url),
                client => SessionRun.RunAsync(context, client, humanToken, request, argv, parse.GetValue(heartbeat), cancellationToken));
        });
        return run;
    }

    /// <summary>True when the command's words are exactly the tokens after the first <c>--</c>.</summary>
    private static bool AllAfterDoubleDash(ParseResult parse, int words)
    {
        var tokens = parse.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type == TokenType.DoubleDash)
            {
                return tokens.Count - i - 1 == words;
            }
        }

        return false;
    }
}
