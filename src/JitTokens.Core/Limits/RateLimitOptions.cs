namespace JitTokens.Core.Limits;

/// <summary>
/// <c>JitTokens:RateLimits</c>: requests per session and per human, counted by each issuer instance
/// on its own (N instances behind a load balancer allow up to N times the rate). A refused request
/// is 429 <c>rate_limited</c> with <c>Retry-After</c>.
/// </summary>
internal sealed class RateLimitOptions
{
    public const string SectionName = "JitTokens:RateLimits";

    /// <summary>
    /// Every request a session token authenticates (tokens, dry runs, <c>/oauth/token</c>, polls, heartbeats, reads,
    /// revocations; not ending the session). Default 50 per second, bursts of 100.
    /// </summary>
    public RateLimitRule PerSession { get; set; } = new() { PermitsPerSecond = 50, Burst = 100 };

    /// <summary>
    /// Every request a human credential authenticates, and chat clicks by the human they map to (not ending a
    /// session). Default 10 per second, bursts of 30.
    /// </summary>
    public RateLimitRule PerHuman { get; set; } = new() { PermitsPerSecond = 10, Burst = 30 };

    /// <summary>
    /// Keys (sessions, humans) each limit tracks at most; idle keys are dropped when it is reached, and
    /// past it a new key is not limited until room is made. Default 10,000.
    /// </summary>
    public int MaxTrackedKeys { get; set; } = 10_000;
}
