using JitTokens.Abstractions.Wire;
using JitTokens.Cli.Output;
using JitTokens.Client;

namespace JitTokens.Cli.Commands;

/// <summary>
/// The escalated half of <c>jit token</c>: waiting for a human decision with progress on stderr
/// (<c>--wait</c>), or redeeming an escalation by id (<c>--escalation</c>). The token goes to stdout
/// only; a refusal is one line with its exit code; Ctrl+C says how to resume (exit 130).
/// </summary>
internal static class EscalationWait
{
    /// <summary>After a 202: waits at the poll interval the server named.</summary>
    public static Task<int> WaitAsync(CliContext context, JitTokensClient client, string sessionToken, TokenEscalated escalated, string what, CancellationToken cancellationToken)
        => RunAsync(context, client, sessionToken, escalated.EscalationId,
            $"escalation {escalated.EscalationId} for {what} needs human approval; waiting",
            progress => client.WaitForTokenAsync(sessionToken, escalated, progress, cancellationToken),
            cancellationToken);

    /// <summary><c>--escalation esc_…</c>: one redemption, or with <paramref name="wait"/> a wait at the default interval (5 s).</summary>
    public static async Task<int> ResumeAsync(CliContext context, JitTokensClient client, string sessionToken, string escalationId, bool wait, CancellationToken cancellationToken)
    {
        if (!wait)
        {
            var once = await client.RedeemEscalationAsync(sessionToken, escalationId, cancellationToken);
            return await FinishAsync(context, client, sessionToken, escalationId, once, cancellationToken);
        }

        return await RunAsync(context, client, sessionToken, escalationId,
            $"waiting for a decision on escalation {escalationId}",
            progress => client.WaitForTokenAsync(sessionToken, escalationId, null, progress, cancellationToken),
            cancellationToken);
    }

    private static async Task<int> RunAsync(
        CliContext context,
        JitTokensClient client,
        string sessionToken,
        string escalationId,
        string start,
        Func<IProgress<EscalationProgress>, Task<JitResult<TokenIssued>>> wait,
        CancellationToken cancellationToken)
    {
        await context.Error.WriteLineAsync(Redactor.Clean($"jit: {start} (Ctrl+C stops waiting; the request stays pending)", context));
        JitResult<TokenIssued> result;
        try
        {
            result = await wait(new WaitProgress(context, context.Time));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Reporter.WriteAsync(context, "cancelled",
                $"stopped waiting; escalation {escalationId} is unchanged on the server; resume with: jit token --escalation {escalationId} --wait");
            return ExitCodes.Cancelled;
        }

        return await FinishAsync(context, client, sessionToken, escalationId, result, cancellationToken);
    }

    /// <summary>How long jit waits, after printing the token, to name who approved it.</summary>
    private static readonly TimeSpan NamesTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The token on stdout and who approved it on stderr, or the refusal.</summary>
    private static async Task<int> FinishAsync(CliContext context, JitTokensClient client, string sessionToken, string escalationId, JitResult<TokenIssued> result, CancellationToken cancellationToken)
    {
        if (!result.IsSuccess)
        {
            return await Reporter.FailAsync(context, result.Problem);
        }

        // The token comes first: it is spent once redeemed, so nothing after this may lose it or fail the run.
        var exitCode = await TokenCommand.PrintAsync(context, result.Value);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(NamesTimeout);
        try
        {
            var view = await client.GetEscalationAsync(sessionToken, escalationId, bounded.Token);
            if (view.IsSuccess && view.Value.Approvals.Count > 0)
            {
                await context.Error.WriteLineAsync(Redactor.Clean($"jit: escalation {escalationId} was approved by {EscalationText.Names(view.Value)}", context));
            }
        }
        catch (OperationCanceledException)
        {
            // Interrupted or slow: the names are a courtesy, the token is already out.
        }

        return exitCode;
    }
}
