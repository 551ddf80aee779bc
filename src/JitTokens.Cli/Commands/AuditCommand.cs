using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using JitTokens.Abstractions;
using JitTokens.Cli.Output;
using JitTokens.Client;

namespace JitTokens.Cli.Commands;

/// <summary>
/// <c>jit audit [filters] [--json] [--follow] [--verify] [--export]</c> as the human of
/// <c>$JIT_HUMAN_TOKEN</c> (an auditor or admin, DESIGN.md §3.6 and §7): the log as a table or NDJSON,
/// followed live, checked by the server, or exported whole. <c>jit audit verify</c> checks an export
/// offline (<see cref="AuditVerifyCommand"/>).
/// </summary>
internal static class AuditCommand
{
    private static readonly string[] Types =
    [
        AuditEventTypes.SessionStarted, AuditEventTypes.SessionEnded, AuditEventTypes.TokenIssued, AuditEventTypes.TokenDenied,
        AuditEventTypes.TokenDryRun, AuditEventTypes.EscalationRequested, AuditEventTypes.EscalationApproved, AuditEventTypes.EscalationDenied,
        AuditEventTypes.EscalationExpired, AuditEventTypes.EscalationCancelled, AuditEventTypes.EscalationRedeemed, AuditEventTypes.TokenRevoked,
        AuditEventTypes.TokenConsumed, AuditEventTypes.AuthFailed,
    ];

    public static Command Create(CliContext context)
    {
        var type = new Option<string?>("--type") { Description = "Only events of this type, e.g. token.issued, token.denied, auth.failed", HelpName = "type" };
        type.AcceptOnlyFromAmong(Types);
        var session = new Option<string?>("--session") { Description = "Only events of this session (ses_…)", HelpName = "id" };
        var agent = new Option<string?>("--agent") { Description = "Only events of this agent's sessions", HelpName = "name" };
        var owner = new Option<string?>("--owner") { Description = "Only events of sessions this human owns", HelpName = "user" };
        var environment = new Option<string?>("--env") { Description = "Only events about this environment", HelpName = "env" };
        var since = Time("--since", "Only events at or after this time: RFC 3339 (2026-11-22T09:00:00Z), a date, or a duration ago (30m, 2h)", context);
        var until = Time("--until", "Only events before this time (same forms as --since)", context);
        var after = new Option<string?>("--after") { Description = "Only events after this cursor (printed when a listing stops at --limit)", HelpName = "cursor" };
        var limit = CommonOptions.CreateLimit(AuditQuery.MaxLimit, $"At most this many events, oldest first (1–{AuditQuery.MaxLimit}). Default: {AuditQuery.DefaultLimit}");
        var json = new Option<bool>("--json") { Description = "Print events as NDJSON (one GET /v1/audit event per line), or the verification as JSON" };
        var follow = new Option<bool>("--follow") { Description = "Keep printing new events as they are written, until Ctrl+C" };
        var verify = new Option<bool>("--verify") { Description = "Ask the server to check the whole log (chain and signed checkpoints)" };
        var export = new Option<bool>("--export") { Description = "Print the log as the server exports it (NDJSON: events, then signed checkpoints), e.g. > audit.ndjson" };

        Option[] filters = [type, session, agent, owner, environment, since, until, after];
        var command = new Command("audit", "Read the issuance log as an auditor or admin ($JIT_HUMAN_TOKEN)")
        {
            type, session, agent, owner, environment, since, until, after, limit, json, follow, verify, export,
            AuditVerifyCommand.Create(context),
        };
        command.Validators.Add(result => Validate(result, filters, limit, json, follow, verify, export));
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (context.Env(EnvironmentVariables.HumanToken) is not { } human)
            {
                return await Reporter.MissingAsync(context, EnvironmentVariables.HumanToken,
                    $"the log is for auditors and admins: eval \"$(jit login --dev <user> --role {JitRoles.Auditor})\"");
            }

            var query = new AuditQuery
            {
                Type = parse.GetValue(type),
                SessionId = parse.GetValue(session),
                Agent = parse.GetValue(agent),
                Owner = parse.GetValue(owner),
                Environment = parse.GetValue(environment),
                Since = parse.GetValue(since),
                Until = parse.GetValue(until),
                After = parse.GetValue(after),
            };
            var asJson = parse.GetValue(json);
            return await IssuerConnection.WithClientAsync(context, parse.GetValue(context.Url), client =>
                parse.GetValue(verify) ? VerifyAsync(context, client, human, asJson, cancellationToken)
                : parse.GetValue(export) ? ExportAsync(context, client, human, query, filters.Any(f => Given(parse.CommandResult, f)), cancellationToken)
                : parse.GetValue(follow) ? AuditListing.FollowAsync(context, client, human, query, asJson, cancellationToken)
                : AuditListing.ListAsync(context, client, human, query, parse.GetValue(limit) ?? AuditQuery.DefaultLimit, asJson, cancellationToken));
        });
        return command;
    }

    private static void Validate(CommandResult result, Option[] filters, Option limit, Option json, Option follow, Option verify, Option export)
    {
        var modes = new[] { follow, verify, export }.Where(o => Given(result, o)).Select(o => o.Name).ToList();
        if (modes.Count > 1)
        {
            result.AddError($"{string.Join(" and ", modes)} do not go together: pick one");
            return;
        }

        var extra = modes.FirstOrDefault() switch
        {
            "--verify" => [.. filters, limit],
            "--export" => new[] { limit, json },
            "--follow" => [limit],
            _ => [],
        };
        var given = extra.Where(o => Given(result, o)).Select(o => o.Name).ToList();
        if (given.Count > 0)
        {
            var why = modes[0] switch
            {
                "--verify" => "the server checks the whole log",
                "--export" => "the export is the whole NDJSON stream",
                _ => "following prints every event",
            };
            result.AddError($"{modes[0]} takes no {string.Join(", ", given)}: {why}");
        }
    }

    /// <summary>On the command line, not an implicit default.</summary>
    private static bool Given(CommandResult result, Option option) => result.GetResult(option) is { Implicit: false };

    private static async Task<int> VerifyAsync(CliContext context, JitTokensClient client, string human, bool json, CancellationToken cancellationToken)
    {
        var result = await client.VerifyAuditAsync(human, cancellationToken);
        return result.IsSuccess
            ? await AuditVerificationText.PrintAsync(context, result.Value, null, json)
            : await Reporter.FailAsync(context, result.Problem);
    }

    /// <summary>The server's lines, unchanged, on stdout; how many and how to check them on stderr.</summary>
    private static async Task<int> ExportAsync(CliContext context, JitTokensClient client, string human, AuditQuery query, bool filtered, CancellationToken cancellationToken)
    {
        var result = await client.ExportAuditAsync(human, context.Out, query, cancellationToken);
        if (!result.IsSuccess)
        {
            return await Reporter.FailAsync(context, result.Problem);
        }

        await context.Error.WriteLineAsync(filtered
            ? $"jit: exported {result.Value} line(s); a filtered export is a selection and does not verify as a chain"
            : $"jit: exported {result.Value} line(s); check it offline with: jit audit verify --file <file> --jwks <jwks.json> (from {client.Issuer}.well-known/jwks.json)");
        return ExitCodes.Ok;
    }

    /// <summary>A time as RFC 3339 (offset required), a date (midnight UTC), or a <see cref="JitDuration"/> before now.</summary>
    private static Option<DateTimeOffset?> Time(string name, string description, CliContext context) => new(name)
    {
        Description = description,
        HelpName = "time",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (JitDuration.TryParse(text, out var ago))
            {
                return context.Time.GetUtcNow() - ago;
            }

            if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd"], CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                && (text!.Length == 10 || text.EndsWith('Z') || text[^6] is '+' or '-'))
            {
                return at;
            }

            result.AddError($"{name} '{text}' is not a time: use RFC 3339 (2026-11-22T09:00:00Z), a date (2026-11-22) or a duration ago (30m, 2h)");
            return null;
        },
    };
}
