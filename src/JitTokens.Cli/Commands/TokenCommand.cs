using System.CommandLine;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Cli.Output;
using JitTokens.Client;

namespace JitTokens.Cli.Commands;

/// <summary>
/// <c>jit token --scope … --env … --purpose "…" [--target x] [--ttl 5m] [--dry-run]</c> with
/// <c>$JIT_SESSION_TOKEN</c>. Issued: only the access token on stdout. Escalated: exit 3 with the
/// escalation id on stderr. Dry run: the decision on stdout.
/// </summary>
internal static class TokenCommand
{
    public static Command Create(CliContext context)
    {
        var scope = new Option<string>("--scope") { Description = "The one scope to ask for, e.g. db:read", HelpName = "scope", Required = true };
        var environment = new Option<string>("--env") { Description = "The environment the token is for, e.g. staging", HelpName = "env", Required = true };
        var purpose = new Option<string>("--purpose") { Description = "Why the token is needed (8–500 characters)", HelpName = "text", Required = true };
        var target = new Option<string?>("--target") { Description = "The single object the token is for, e.g. orders-db", HelpName = "object" };
        var ttl = CommonOptions.CreateTtl("Token lifetime, e.g. 5m. Default: 5m or the scope's max_ttl, whichever is shorter");
        var dryRun = new Option<bool>("--dry-run") { Description = "Only ask what would happen: prints decision, error and max TTL; mints and escalates nothing" };

        var command = new Command("token", "Ask for an access token; prints only the token on stdout") { scope, environment, purpose, target, ttl, dryRun };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (context.Env(EnvironmentVariables.SessionToken) is not { } sessionToken)
            {
                return await Reporter.MissingAsync(context, EnvironmentVariables.SessionToken, "start a session first: eval \"$(jit session start --agent <name> --env <env> --purpose \"…\")\"");
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
                : RequestAsync(context, client, sessionToken, request, cancellationToken));
        });
        return command;
    }

    private static async Task<int> RequestAsync(CliContext context, JitTokensClient client, string sessionToken, TokenRequest request, CancellationToken cancellationToken)
    {
        var result = await client.RequestTokenAsync(sessionToken, request, cancellationToken);
        if (!result.IsSuccess)
        {
            return await Reporter.FailAsync(context, result.Problem);
        }

        if (!result.Value.IsIssued)
        {
            var escalation = result.Value.Escalated;
            await context.Error.WriteLineAsync(
                $"jit: escalation {escalation.EscalationId} is pending human approval ({request.Scope} in {request.Environment}); " +
                $"it expires at {UtcTimestampConverter.Format(escalation.ExpiresAt)} if nobody decides");
            return ExitCodes.Denied;
        }

        var token = result.Value.Issued;
        await context.Out.WriteLineAsync(token.AccessToken);
        await context.Error.WriteLineAsync(
            $"jit: token {token.TokenId} for {token.Scope} in {token.Environment}, " +
            $"expires at {UtcTimestampConverter.Format(token.ExpiresAt)} (in {token.ExpiresIn}s)");
        return ExitCodes.Ok;
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
