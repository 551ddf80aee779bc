using System.CommandLine;
using JitTokens.Abstractions;
using JitTokens.Cli.Output;

namespace JitTokens.Cli.Commands;

/// <summary>
/// <c>jit login --dev &lt;user&gt; [--role …]</c>: a human token from a dev server's
/// <c>/dev/login</c>, printed only as <c>export JIT_HUMAN_TOKEN=…</c> so that
/// <c>eval "$(jit login --dev alice)"</c> keeps it in the shell's environment and nowhere else.
/// </summary>
internal static class LoginCommand
{
    public static Command Create(CliContext context)
    {
        var user = new Option<string>("--dev")
        {
            Description = "Log in to a dev server (--dev mode) as this user",
            HelpName = "user",
            Required = true,
        };
        var roles = new Option<string[]>("--role")
        {
            Description = "A role to hold; repeat for several. Default: the server's (jit.requester and jit.approver)",
            HelpName = "role",
        };
        roles.AcceptOnlyFromAmong([.. JitRoles.All]);

        var command = new Command("login", "Get a human token; use as: eval \"$(jit login --dev alice)\"") { user, roles };
        command.SetAction((parse, cancellationToken) => IssuerConnection.WithClientAsync(context, parse.GetValue(context.Url), async client =>
        {
            var name = parse.GetRequiredValue(user);
            var requested = parse.GetValue(roles) is { Length: > 0 } r ? r : null;
            var result = await client.DevLoginAsync(name, requested, cancellationToken);
            if (!result.IsSuccess)
            {
                return await Reporter.FailAsync(context, result.Problem);
            }

            await context.Out.WriteLineAsync(ShellExport.Line(EnvironmentVariables.HumanToken, result.Value.Token));
            await context.Error.WriteLineAsync($"jit: logged in to {client.Issuer} as {name}; the token lives only in ${EnvironmentVariables.HumanToken} (use: eval \"$(jit login --dev {name}{string.Concat((requested ?? []).Select(role => " --role " + role))})\")");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
