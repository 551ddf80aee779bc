namespace JitTokens.Abstractions.Wire;

/// <summary>The answer to a heartbeat: the session ends at <see cref="Deadline"/> unless another heartbeat comes first.</summary>
public sealed record HeartbeatAccepted
{
    /// <summary>The session.</summary>
    public required string SessionId { get; init; }

    /// <summary>When the session ends without another heartbeat (never later than its own expiry).</summary>
    public required DateTimeOffset Deadline { get; init; }
}
