using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Cli.Output;
using JitTokens.Client;

namespace JitTokens.Cli.Run;

/// <summary>
/// <c>jit run</c> once its arguments are checked: starts a session as the human, runs the command
/// with the session's token, ends the session however the command ended (exit, crash, signal, not
/// found), and exits with the command's code. Writes nothing to stdout: that is the command's.
/// With <c>--heartbeat</c>, one heartbeat must succeed before the command starts, and
/// <see cref="HeartbeatLoop"/> keeps beating until it exits.
/// </summary>
internal static class SessionRun
{
    /// <summary>Ending is tried this often when the issuer cannot answer, 1 s and then 2 s apart.</summary>
    private const int EndAttempts = 3;

    private const string Consequence = "its tokens are revoked and its pending escalations cancelled";

    /// <summary>Runs <paramref name="command"/> under a new session; with <paramref name="heartbeat"/> (<c>--heartbeat</c>), the issuer ends the session when no heartbeat came for that long.</summary>
    public static async Task<int> RunAsync(CliContext context, JitTokensClient client, string humanToken, StartSessionRequest request, IReadOnlyList<string> command, TimeSpan? heartbeat, CancellationToken cancellationToken)
    {
        using var signals = SignalRelay.Register();
        using var starting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, signals.Interrupted);
        JitResult<SessionStarted> started;
        try
        {
            started = await client.StartSessionAsync(humanToken, request, starting.Token);
        }
        catch (OperationCanceledException) when (starting.IsCancellationRequested)
        {
            await Reporter.WriteAsync(context, "cancelled", "interrupted while starting the session; the command was not run");
            return InterruptedExitCode(signals);
        }

        if (!started.IsSuccess)
        {
            return await Reporter.FailAsync(context, started.Problem);
        }

        var session = started.Value;
        if (starting.IsCancellationRequested)
        {
            return await EndAsync(context, client, session, Interrupted(signals));
        }

        (TimeSpan Within, DateTimeOffset Deadline)? beats = null;
        if (heartbeat is { } within)
        {
            // Before the command: it must not run under a session that a dead jit would leave open.
            JitResult<HeartbeatAccepted> beat;
            try
            {
                beat = await HeartbeatLoop.BeatOnceAsync(client, session.SessionToken, within, starting.Token);
            }
            catch (OperationCanceledException) when (starting.IsCancellationRequested)
            {
                return await EndAsync(context, client, session, Interrupted(signals));
            }

            if (!beat.IsSuccess)
            {
                return await EndAsync(context, client, session, new Outcome(ExitCodes.Unavailable, beat.Problem.Error,
                    $"the first heartbeat failed ({beat.Problem.Detail ?? beat.Problem.Title}), so the command was not run"));
            }

            beats = (within, beat.Value.Deadline);
        }

        var outcome = starting.IsCancellationRequested
            ? Interrupted(signals)
            : await RunCommandAsync(context, client, session, command, signals, beats);
        return await EndAsync(context, client, session, outcome);
    }

    private static async Task<Outcome> RunCommandAsync(CliContext context, JitTokensClient client, SessionStarted session, IReadOnlyList<string> command, SignalRelay signals, (TimeSpan Within, DateTimeOffset Deadline)? beats)
    {
        var child = ChildCommand.Start(command, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [EnvironmentVariables.Url] = client.Issuer.AbsoluteUri.TrimEnd('/'),
            [EnvironmentVariables.SessionToken] = session.SessionToken,
            [EnvironmentVariables.SessionId] = session.SessionId,
        });
        if (child.Process is not { } process)
        {
            return new Outcome(child.ExitCode, child.ExitCode == ChildCommand.NotFound ? "not_found" : "cannot_run", child.Failure);
        }

        using (process)
        {
            signals.Attach(process);
            await context.Error.WriteLineAsync(Redactor.Clean(
                $"jit: session {session.SessionId} started for agent {session.Agent} (owner {session.Owner}) in {string.Join(", ", session.Environments)} " +
                $"until {UtcTimestampConverter.Format(session.ExpiresAt)}; running {command[0]}", context));

            // Stopped (disposed) before the session is ended, so that no heartbeat follows the end.
            await using var beating = beats is { } first
                ? HeartbeatLoop.Start(context, client, session.SessionToken, session.SessionId, first.Within, first.Deadline)
                : null;

            // Not cancellable: whatever happens to jit now, it waits for the command and then ends the session.
            await process.WaitForExitAsync(CancellationToken.None);
            signals.Detach();

            // On Unix, .NET reports a command killed by a signal as 128 + the signal, as shells do.
            return new Outcome(process.ExitCode, null, null);
        }
    }

    /// <summary>
    /// Ends the session and says so in one line. If it cannot be ended, says how to end it and exits
    /// with the command's code, or 5 when that was 0: a script must not take "done" for "cleaned up".
    /// </summary>
    private static async Task<int> EndAsync(CliContext context, JitTokensClient client, SessionStarted session, Outcome outcome)
    {
        var ended = await EndCurrentSessionAsync(context, client, session.SessionToken);

        // invalid_session: the session expired, or its owner ended it, while the command ran; it is over either way.
        if (ended.IsSuccess || ended.Problem.Error == ErrorCodes.InvalidSession)
        {
            var over = $"session {session.SessionId} {(ended.IsSuccess ? "ended" : "had ended already")}";
            await (outcome.Failure is null
                ? context.Error.WriteLineAsync(Redactor.Clean($"jit: {over} (the command exited with {outcome.ExitCode}); {Consequence}", context))
                : Reporter.WriteAsync(context, outcome.Code!, $"{outcome.Failure}; {over} unused"));
            return outcome.ExitCode;
        }

        if (outcome.Failure is not null)
        {
            await Reporter.WriteAsync(context, outcome.Code!, outcome.Failure);
        }

        await Reporter.WriteAsync(context, ended.Problem.Error,
            $"could not end session {session.SessionId} ({ended.Problem.Detail ?? ended.Problem.Title}); " +
            $"it stays usable until {UtcTimestampConverter.Format(session.ExpiresAt)}; end it with: jit session end --id {session.SessionId}");
        return outcome.ExitCode == ExitCodes.Ok ? ExitCodes.Unavailable : outcome.ExitCode;
    }

    private static async Task<JitResult<bool>> EndCurrentSessionAsync(CliContext context, JitTokensClient client, string sessionToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // Not cancellable either: a signal now must not leave the session open. Each call is bounded (IssuerConnection.Timeout).
            var ended = await client.EndCurrentSessionAsync(sessionToken, CancellationToken.None);
            var passing = ended.Status is 0 or >= 500 or 429;
            if (ended.IsSuccess || !passing || attempt == EndAttempts)
            {
                return ended;
            }

            await Task.Delay(TimeSpan.FromSeconds(attempt), context.Time, CancellationToken.None);
        }
    }

    private static Outcome Interrupted(SignalRelay signals) => new(InterruptedExitCode(signals), "cancelled", "interrupted before the command started");

    private static int InterruptedExitCode(SignalRelay signals) => signals.FirstSignal is { } signal ? 128 + signal : ExitCodes.Cancelled;

    /// <summary>How the command ended: its exit code, or when it did not run, the shell's code, an error code and why.</summary>
    private sealed record Outcome(int ExitCode, string? Code, string? Failure);
}
