using System.CommandLine;
using System.CommandLine.Parsing;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Cli.Output;
using JitTokens.Client;

namespace JitTokens.Cli.Commands;

/// <summary>
/// <c>jit token --scope … --env … --purpose "…" [--target x] [--ttl 5m] [--wait] [--dry-run]</c> with
/// <c>$JIT_SESSION_TOKEN</c>. Issued: only the access token on stdout. Escalated: with <c>--wait</c>,
/// progress on stderr and then the token; without, exit 3 with the escalation id and how to wait for it.
/// <c>jit token --escalation esc_… [--wait]</c> redeems (or waits for) a request already made.
/// Dry run: the decision on stdout.
/// </summary>
internal static class TokenCommand
{
    public static Command Create(CliContext context)
    {
        var scope = new Option<string>("--scope") { Description = "The one scope to ask for, e.g. db:read (required unless --escalation)", HelpName = "scope" };
        var environment = new Option<string>("--env") { Description = "The environment the token is for, e.g. staging (required unless --escalation)", HelpName = "env" };
        var purpose = new Option<string>("--purpose") { Description = "Why the token is needed, 8–500 characters (required unless --escalation)", HelpName = "text" };
        var target = new Option<string?>("--target") { Description = "The single object the token is for, e.g. orders-db", HelpName = "object" };
        var ttl = CommonOptions.CreateTtl("Token lifetime, e.g. 5m. Default: 5m or the scope's max_ttl, whichever is shorter");
        var wait = new Option<bool>("--wait") { Description = "If a human must approve, wait for the decision (progress on stderr), then print the token" };
        var escalation = new Option<string?>("--escalation") { Description = "Redeem this escalation of the session instead of asking again; with --wait, wait for its decision", HelpName = "esc_…" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only ask what would happen: prints decision, error and max TTL; mints and escalates nothing" };

        var command = new Command("token", "Ask for an access token; prints only the token on stdout") { scope, environment, purpose, target, ttl, wait, escalation, dryRun };
        command.Validators.Add(result =>
        {
            if (Given(result, escalation))
            {
                var asking = new Option[] { scope, environment, purpose, target, ttl, dryRun }.Where(o => Given(result, o)).Select(o => o.Name).ToList();
                if (asking.Count > 0)
                {
                    result.AddError($"--escalation redeems a request already made; leave out {string.Join(", ", asking)}");
                }

                return;
            }

            var missing = new Option[] { scope, environment, purpose }.Where(o => !Given(result, o)).Select(o => $"'{o.Name}'").ToList();
            if (missing.Count > 0)
            {
                var what = missing.Count == 1 ? $"Option {missing[0]} is" : $"Options {string.Join(", ", missing)} are";
                result.AddError($"{what} required (or --escalation esc_… to redeem a request already made)");
            }

            if (Given(result, wait) && Given(result, dryRun))
            {
                result.AddError("--wait and --dry-run do not go together: a dry run escalates nothing");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (context.Env(EnvironmentVariables.SessionToken) is not { } sessionToken)
            {
                return await Reporter.MissingAsync(context, EnvironmentVariables.SessionToken, "start a session first: eval \"$(jit session start --agent <name> --env <env> --purpose \"…\")\"");
            }

            if (parse.GetValue(escalation) is { } escalationId)
            {
                return string.IsNullOrWhiteSpace(escalationId)
                    ? await Reporter.UsageAsync(context, "--escalation needs an escalation id (esc_…)")
                    : await IssuerConnection.WithClientAsync(context, parse.GetValue(context.Url),
                        client => EscalationWait.ResumeAsync(context, client, sessionToken, escalationId.Trim(), parse.GetValue(wait), cancellationToken));
            }

            var request = new TokenRequest
            {
                Scope = parse.GetRequiredValue(scope),
                Environment = parse.GetRequiredValue(environment),
                Purpose = parse.GetRequiredValue(purpose),
                Target = parse.GetValue(target),
                TtlSeconds = CommonOptions.ToSeconds(parse.GetValue(ttl)),
            };
            return await IssuerConnection.WithClientAsync(context, parse.GetValue(context.Url), client => parse.GetValue(dryRun)
                ? DryRunAsync(context, client, sessionToken, request, cancellationToken)
                : RequestAsync(context, client, sessionToken, request, parse.GetValue(wait), cancellationToken));
        });
        return command;
    }

    /// <summary>Only the token on stdout; its id, scope, environment and expiry on stderr.</summary>
    public static async Task<int> PrintAsync(CliContext context, TokenIssued token)
    {
        await context.Out.WriteLineAsync(token.AccessToken);
        await context.Error.WriteLineAsync(
            $"jit: token {token.TokenId} for {token.Scope} in {token.Environment}, " +
            $"expires at {UtcTimestampConverter.Format(token.ExpiresAt)} (in {token.ExpiresIn}s)");
        return ExitCodes.Ok;
    }

    /// <summary>On the command line, not an implicit default.</summary>
    private static bool Given(CommandResult result, Option option) => result.GetResult(option) is { Implicit: false };

    private static async Task<int> RequestAsync(CliContext context, JitTokensClient client, string sessionToken, TokenRequest request, bool wait, CancellationToken cancellationToken)
    {
        var result = await client.RequestTokenAsync(sessionToken, request, cancellationToken);
        if (!result.IsSuccess)
        {
            return await Reporter.FailAsync(context, result.Problem);
        }

        if (result.Value.IsIssued)
        {
            return await PrintAsync(context, result.Value.Issued);
        }

        var escalated = result.Value.Escalated;
        if (wait)
        {
            return await EscalationWait.WaitAsync(context, client, sessionToken, escalated, $"{request.Scope} in {request.Environment}", cancellationToken);
        }

        // Asking again would make a second escalation for the approvers; resuming this one is the way to wait.
        await context.Error.WriteLineAsync(Redactor.Clean(
            $"jit: escalation {escalated.EscalationId} is pending human approval ({request.Scope} in {request.Environment}); " +
            $"it expires at {UtcTimestampConverter.Format(escalated.ExpiresAt)} if nobody decides; " +
            $"to wait for the decision and get the token: jit token --escalation {escalated.EscalationId} --wait", context));
        return ExitCodes.Denied;
    }

    /// <summary>
    /// Prints <c>decision</c>, then <c>error</c> and <c>error_description</c> for a denial, then
    /// <c>max_ttl_seconds</c>. Exit code like <c>kubectl auth can-i</c>: 0 when a real request would
    /// be issued or escalated, the denial's exit code (2 or 3) when it would be refused.
    /// </summary>
    private static async Task<int> DryRunAsync(CliContext context, JitTokensClient client, string sessionToken, TokenRequest request, CancellationToken cancellationToken)
    {
        var result = await client.DryRunAsync(sessionToken, request, cancellationToken);
        if (!result.IsSuccess)
        {
            return await Reporter.FailAsync(context, result.Problem);
        }

        var answer = result.Value;
        await context.Out.WriteLineAsync("decision: " + answer.Decision);
        if (answer.Error is not null)
        {
            await context.Out.WriteLineAsync("error: " + answer.Error);
        }

        if (answer.ErrorDescription is not null)
        {
            await context.Out.WriteLineAsync("error_description: " + Redactor.Clean(answer.ErrorDescription, context));
        }

        if (answer.MaxTtlSeconds is { } maxTtl)
        {
            await context.Out.WriteLineAsync("max_ttl_seconds: " + maxTtl.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return answer.Decision == DryRunDecisions.Deny
            ? ExitCodes.ForError(answer.Error ?? string.Empty, 403)
            : ExitCodes.Ok;
    }
}
