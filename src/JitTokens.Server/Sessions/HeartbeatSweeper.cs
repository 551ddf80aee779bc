using JitTokens.Core.Options;
using JitTokens.Core.Sessions;
using JitTokens.Server.Hosting;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Sessions;

/// <summary>
/// Ends sessions whose wrapper stopped sending heartbeats (<c>jit run --heartbeat</c> killed with SIGKILL, a crashed
/// host): every token they minted is revoked. Several instances may sweep at once; ending a session is idempotent.
/// Runs as often as the escalation sweep (<c>JitTokens:EscalationSweepInterval</c>).
/// </summary>
internal sealed class HeartbeatSweeper(SessionService sessions, IOptions<JitTokensOptions> options, TimeProvider time, ILogger<HeartbeatSweeper> logger)
    : PeriodicSweeper(options.Value.EscalationSweepInterval, time, logger)
{
    protected override string Name => "heartbeat sweep";

    protected override Task<int> SweepAsync(int limit, CancellationToken cancellationToken) => sessions.EndLapsedAsync(limit, cancellationToken);
}
