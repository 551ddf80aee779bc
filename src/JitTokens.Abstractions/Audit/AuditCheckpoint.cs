namespace JitTokens.Abstractions.Audit;

/// <summary>
/// A signed statement of the chain head (DESIGN.md §3.6): at <see cref="Time"/> the event with
/// <see cref="Seq"/> had <see cref="Hash"/>. <see cref="Jws"/> is a compact ES256 JWS by the issuer's
/// signing key (verifiable with its JWKS) whose payload is <c>{"iss","seq","hash","iat"}</c>.
/// </summary>
public sealed record AuditCheckpoint
{
    /// <summary>The seq of the last event covered.</summary>
    public required long Seq { get; init; }

    /// <summary>That event's hash.</summary>
    public required string Hash { get; init; }

    /// <summary>When the checkpoint was signed.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The compact JWS (header <c>{"alg":"ES256","typ":"jittokens-checkpoint+jwt","kid"}</c>).</summary>
    public required string Jws { get; init; }
}
