using System.CommandLine;
using System.CommandLine.Invocation;
using JitTokens.Cli.Commands;
using JitTokens.Cli.Output;

namespace JitTokens.Cli;

/// <summary>
/// The <c>jit</c> command line (DESIGN.md §7), runnable in-process: tests pass their own writers
/// and environment. Parse errors exit 2 (not System.CommandLine's 1); unexpected exceptions are
/// one line and exit 1, never a stack trace.
/// </summary>
internal static class JitCli
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, CancellationToken cancellationToken)
        => RunAsync(new CliContext(stdout, stderr, environment), args, cancellationToken);

    /// <summary>Like the other overload, with a context a test made (its own HTTP handler and clock).</summary>
    public static async Task<int> RunAsync(CliContext context, string[] args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var stdout = context.Out;
        var stderr = context.Error;
        var root = new RootCommand("jit: just-in-time tokens for AI agents")
        {
            LoginCommand.Create(context),
            SessionCommand.Create(context),
            TokenCommand.Create(context),
            RunCommand.Create(context),
            RevokeCommand.Create(context),
            EscalationsCommand.Create(context),
            DecisionCommand.CreateApprove(context),
            DecisionCommand.CreateDeny(context),
            AuditCommand.Create(context),
        };
        root.Options.Add(context.Url);

        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            var errors = string.Join("; ", parse.Errors.Select(e => e.Message));
            return await Reporter.UsageAsync(context, $"{errors} (see: {HelpCommand(parse)})");
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,

                // Program turns Ctrl+C into cancellationToken; in-process callers keep their own signal handlers.
                ProcessTerminationTimeout = null,
            }, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Reporter.WriteAsync(context, "cancelled", "interrupted; nothing more was sent");
            return ExitCodes.Cancelled;
        }
#pragma warning disable CA1031 // The last line of defence: one line, never a stack trace (DESIGN.md §7).
        catch (Exception e)
#pragma warning restore CA1031
        {
            await Reporter.WriteAsync(context, "internal_error", $"{e.GetType().Name}; please report this");
            return ExitCodes.InternalError;
        }
    }

    /// <summary><c>jit session start --help</c> for the command that failed to parse.</summary>
    private static string HelpCommand(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }

        return string.Join(' ', ["jit", .. names, "--help"]);
    }
}
