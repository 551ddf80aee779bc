using JitTokens.Core.Escalations;
using JitTokens.Core.Options;
using JitTokens.Server.Hosting;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Escalations;

/// <summary>
/// Marks escalations whose time ran out as expired, so the log records <c>escalation.expired</c>
/// and chat shows it, even when nobody looks at them again. Several instances may sweep at once:
/// each expiry is a compare-and-set, so it is recorded once.
/// </summary>
internal sealed class EscalationExpirySweeper(EscalationDecisions decisions, IOptions<JitTokensOptions> options, TimeProvider time, ILogger<EscalationExpirySweeper> logger)
    : PeriodicSweeper(options.Value.EscalationSweepInterval, time, logger)
{
    protected override string Name => "escalation expiry";

    protected override Task<int> SweepAsync(int limit, CancellationToken cancellationToken) => decisions.ExpireDueAsync(limit, cancellationToken);
}
