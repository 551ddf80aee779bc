using System.CommandLine;

namespace JitTokens.Cli.Commands;

/// <summary><c>jit session start|show|end</c>.</summary>
internal static class SessionCommand
{
    public static Command Create(CliContext context) => new("session", "Start, show or end an agent's session")
    {
        SessionStartCommand.Create(context),
        SessionShowCommand.Create(context),
        SessionEndCommand.Create(context),
    };
}
