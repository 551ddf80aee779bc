namespace JitTokens.Abstractions.Wire;

/// <summary>
/// <c>POST /v1/sessions/current/heartbeat</c>: the session's wrapper (e.g. <c>jit run --heartbeat</c>) is alive. If no
/// further heartbeat arrives within <see cref="WithinSeconds"/>, the issuer ends the session as if it had been ended.
/// </summary>
public sealed record HeartbeatRequest
{
    /// <summary>How long the issuer waits for the next heartbeat: 5 to 3600 seconds.</summary>
    public required int WithinSeconds { get; init; }
}
