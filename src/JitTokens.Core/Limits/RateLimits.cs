using System.Globalization;
using JitTokens.Core.Errors;
using JitTokens.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JitTokens.Core.Limits;

/// <summary>
/// The per-session and per-human limits of <see cref="RateLimitOptions"/>, checked right after a caller
/// authenticates. A refusal is 429 <c>rate_limited</c> with the seconds to wait; refusals are not audited
/// one by one (they are the flood the limit stops) but logged at most once a minute per key.
/// </summary>
internal sealed class RateLimits
{
    private readonly KeyedRateLimiter? _sessions;
    private readonly KeyedRateLimiter? _humans;
    private readonly ILogger<RateLimits> _logger;
    private readonly JitMetrics? _metrics;

    public RateLimits(IOptions<RateLimitOptions> options, TimeProvider time, ILogger<RateLimits> logger, JitMetrics? metrics = null)
    {
        _metrics = metrics;
        var o = options.Value;
        _sessions = o.PerSession.IsOn ? new KeyedRateLimiter(o.PerSession, o.MaxTrackedKeys, time) : null;
        _humans = o.PerHuman.IsOn ? new KeyedRateLimiter(o.PerHuman, o.MaxTrackedKeys, time) : null;
        _logger = logger;
    }

    /// <summary>Null when the session may go on; otherwise the 429 to answer.</summary>
    public JitError? ForSession(string sessionId) => Check(_sessions, "session", sessionId);

    /// <summary>Null when the human (by the name they are recorded under) may go on; otherwise the 429 to answer.</summary>
    public JitError? ForHuman(string name) => Check(_humans, "human", name);

    private JitError? Check(KeyedRateLimiter? limiter, string kind, string key)
    {
        if (limiter is null)
        {
            return null;
        }

        var decision = limiter.TryAcquire(key);
        if (decision.IsAllowed)
        {
            if (decision.UntrackedToReport)
            {
                Log.RateLimitKeysFull(_logger, kind, limiter.MaxKeys);
            }

            return null;
        }

        var rule = limiter.Rule;
        _metrics?.RateLimited(kind);
        if (decision.RefusalsToReport > 0)
        {
            Log.RateLimited(_logger, kind, key, decision.RefusalsToReport, decision.RetryAfterSeconds, rule.PermitsPerSecond, rule.Burst);
        }

        return JitError.RateLimited(string.Create(CultureInfo.InvariantCulture,
            $"too many requests for {kind} {TextRules.Quote(key)}: at most {rule.PermitsPerSecond}/s with bursts of {rule.Burst}; retry in {decision.RetryAfterSeconds} s"),
            decision.RetryAfterSeconds);
    }
}
