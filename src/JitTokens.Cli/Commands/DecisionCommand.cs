using System.CommandLine;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Cli.Output;
using JitTokens.Client;

namespace JitTokens.Cli.Commands;

/// <summary>
/// <c>jit approve &lt;esc_id&gt; [--comment "…"]</c> and <c>jit deny &lt;esc_id&gt; [--comment "…"]</c>
/// as the human of <c>$JIT_HUMAN_TOKEN</c>: the escalation's resulting status, who decided and the
/// approvals so far on stdout. Never with a session token: agents do not decide (DESIGN.md §2).
/// </summary>
internal static class DecisionCommand
{
    public static Command CreateApprove(CliContext context)
        => Create(context, "approve", "Approve an escalation (as $JIT_HUMAN_TOKEN, an approver of its scope)",
            (client, human, id, comment, cancellationToken) => client.ApproveEscalationAsync(human, id, comment, cancellationToken));

    public static Command CreateDeny(CliContext context)
        => Create(context, "deny", "Deny an escalation (as $JIT_HUMAN_TOKEN, an approver of its scope)",
            (client, human, id, comment, cancellationToken) => client.DenyEscalationAsync(human, id, comment, cancellationToken));

    private static Command Create(
        CliContext context,
        string name,
        string description,
        Func<JitTokensClient, string, string, string?, CancellationToken, Task<JitResult<EscalationView>>> decide)
    {
        var id = new Argument<string>("esc_id") { Description = "The escalation id (esc_…), as jit escalations lists it" };
        var comment = new Option<string?>("--comment") { Description = "Why, shown with the decision (one line, at most 500 characters)", HelpName = "text" };
        var json = new Option<bool>("--json") { Description = "Print the escalation as JSON" };

        var command = new Command(name, description) { id, comment, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var escalationId = parse.GetRequiredValue(id).Trim();
            if (escalationId.Length == 0)
            {
                return await Reporter.UsageAsync(context, $"jit {name} needs an escalation id (esc_…)");
            }

            if (context.Env(EnvironmentVariables.HumanToken) is not { } humanToken)
            {
                return await Reporter.MissingAsync(context, EnvironmentVariables.HumanToken,
                    $"a human approver decides, never an agent's session: eval \"$(jit login --dev <user> --role {JitRoles.Approver})\"");
            }

            return await IssuerConnection.WithClientAsync(context, parse.GetValue(context.Url), async client =>
            {
                var result = await decide(client, humanToken, escalationId, parse.GetValue(comment), cancellationToken);
                if (!result.IsSuccess)
                {
                    return await Reporter.FailAsync(context, result.Problem);
                }

                await context.Out.WriteLineAsync(parse.GetValue(json)
                    ? JsonSerializer.Serialize(result.Value, JitJson.Context.EscalationView)
                    : EscalationText.Describe(result.Value, context));
                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
