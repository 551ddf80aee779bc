using System.Globalization;
using JitTokens.Abstractions.Json;
using JitTokens.Cli.Output;
using JitTokens.Client;

namespace JitTokens.Cli.Run;

/// <summary>
/// <c>jit run --heartbeat</c> while the command runs: a heartbeat every third of the duration, each
/// asking the issuer to wait the whole duration for the next, so that two lost beats in a row still
/// leave the session open. If jit dies without ending the session (SIGKILL, a dead host), the beats
/// stop and the issuer ends the session once the duration has passed. A failed beat is reported in
/// one line and retried at the next; a 401 (the session ended: its owner or an admin ended it, or it
/// expired) is reported once and stops the beats, while the command runs on.
/// </summary>
internal sealed class HeartbeatLoop : IAsyncDisposable
{
    private readonly CliContext _context;
    private readonly JitTokensClient _client;
    private readonly string _sessionToken;
    private readonly string _sessionId;
    private readonly TimeSpan _within;
    private readonly CancellationTokenSource _stop = new();
    private DateTimeOffset _deadline;
    private Task _beating = Task.CompletedTask;

    private HeartbeatLoop(CliContext context, JitTokensClient client, string sessionToken, string sessionId, TimeSpan within, DateTimeOffset deadline)
    {
        _context = context;
        _client = client;
        _sessionToken = sessionToken;
        _sessionId = sessionId;
        _within = within;
        _deadline = deadline;
    }

    /// <summary>The shortest and longest <c>--heartbeat</c>: what the issuer accepts as <c>within_seconds</c>.</summary>
    public static TimeSpan Min { get; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc cref="Min"/>
    public static TimeSpan Max { get; } = TimeSpan.FromHours(1);

    /// <summary>One heartbeat, the first, sent before the command starts.</summary>
    public static Task<JitResult<Abstractions.Wire.HeartbeatAccepted>> BeatOnceAsync(JitTokensClient client, string sessionToken, TimeSpan within, CancellationToken cancellationToken)
        => client.HeartbeatAsync(sessionToken, (int)within.TotalSeconds, cancellationToken);

    /// <summary>Starts beating a third of <paramref name="within"/> after the first heartbeat, which set <paramref name="deadline"/>.</summary>
    public static HeartbeatLoop Start(CliContext context, JitTokensClient client, string sessionToken, string sessionId, TimeSpan within, DateTimeOffset deadline)
    {
        var loop = new HeartbeatLoop(context, client, sessionToken, sessionId, within, deadline);
        loop._beating = loop.BeatAsync(loop._stop.Token);
        return loop;
    }

    /// <summary>Stops beating, cancelling a heartbeat on its way, and returns once no more will be sent.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _beating;
        _stop.Dispose();
    }

    private async Task BeatAsync(CancellationToken stop)
    {
        // In whole milliseconds, as timers count.
        var period = TimeSpan.FromMilliseconds(Math.Floor(_within.TotalMilliseconds / 3));
        var time = _context.Time;
        var next = time.GetUtcNow() + period;
        try
        {
            while (true)
            {
                var wait = next - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stop);
                }

                var beat = await BeatOnceAsync(_client, _sessionToken, _within, stop);

                // At a steady pace; after a slow answer (up to IssuerConnection.Timeout) the next goes at once.
                var now = time.GetUtcNow();
                next = next + period > now ? next + period : now;
                if (beat.IsSuccess)
                {
                    _deadline = beat.Value.Deadline;
                    continue;
                }

                if (beat.Status == 401)
                {
                    await Reporter.WriteAsync(_context, beat.Problem.Error,
                        $"session {_sessionId} has ended (its owner or an admin ended it, or it expired): heartbeats stopped; " +
                        "the command runs on, but the session's tokens are revoked");
                    return;
                }

                await Reporter.WriteAsync(_context, beat.Problem.Error,
                    $"heartbeat of session {_sessionId} failed ({beat.Problem.Detail ?? beat.Problem.Title}); trying again in {period.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s; " +
                    $"the issuer ends the session at {UtcTimestampConverter.Format(_deadline)} unless one gets through");
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The command exited: jit ends the session now.
        }
    }
}
