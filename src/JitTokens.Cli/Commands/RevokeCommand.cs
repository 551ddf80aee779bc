using System.CommandLine;
using JitTokens.Cli.Output;

namespace JitTokens.Cli.Commands;

/// <summary>
/// <c>jit revoke &lt;token_id&gt;</c>: <c>DELETE /v1/tokens/{id}</c> with <c>$JIT_SESSION_TOKEN</c> (the
/// token's own session) or, when that is not set, <c>$JIT_HUMAN_TOKEN</c> (the session's owner or an
/// admin). Idempotent like the server. One line on stderr, nothing on stdout.
/// </summary>
internal static class RevokeCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("token_id") { Description = "The token's id (tok_…), as jit token prints it on stderr and jit audit lists it" };
        var command = new Command("revoke", "Revoke one access token before it expires (as $JIT_SESSION_TOKEN, else $JIT_HUMAN_TOKEN)") { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var tokenId = parse.GetRequiredValue(id).Trim();
            if (tokenId.Length == 0)
            {
                return await Reporter.UsageAsync(context, "jit revoke needs a token id (tok_…)");
            }

            var asSession = context.Env(EnvironmentVariables.SessionToken);
            if ((asSession ?? context.Env(EnvironmentVariables.HumanToken)) is not { } bearer)
            {
                return await Reporter.UsageAsync(context,
                    $"neither {EnvironmentVariables.SessionToken} nor {EnvironmentVariables.HumanToken} is set; revoke as the token's session, or as its owner: eval \"$(jit login --dev <user>)\"");
            }

            return await IssuerConnection.WithClientAsync(context, parse.GetValue(context.Url), async client =>
            {
                var result = await client.RevokeTokenAsync(bearer, tokenId, cancellationToken);
                if (result.IsSuccess)
                {
                    await context.Error.WriteLineAsync(Redactor.Clean($"jit: token {tokenId} revoked", context));
                    return ExitCodes.Ok;
                }

                if (result.Status != 404)
                {
                    return await Reporter.FailAsync(context, result.Problem);
                }

                // The server gives unknown and foreign tokens the same 404 (a session learns nothing
                // of others'): for the caller both mean "not yours to revoke", a denial, not a typo.
                var who = asSession is not null
                    ? $"asked as the session of ${EnvironmentVariables.SessionToken}, which may revoke only its own tokens" +
                      (context.Env(EnvironmentVariables.HumanToken) is null ? "" : $"; unset it to ask as the human of ${EnvironmentVariables.HumanToken}")
                    : $"asked as the human of ${EnvironmentVariables.HumanToken}: owners revoke their sessions' tokens, admins any";
                await Reporter.WriteAsync(context, result.Problem.Error, $"{result.Problem.Detail ?? result.Problem.Title} ({who})");
                return ExitCodes.Denied;
            });
        });
        return command;
    }
}
