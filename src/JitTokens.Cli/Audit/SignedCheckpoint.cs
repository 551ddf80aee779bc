namespace JitTokens.Cli.Audit;

/// <summary>What a checkpoint's JWS states, once its signature verified: at <see cref="IssuedAt"/> the event at <see cref="Seq"/> had <see cref="Hash"/>.</summary>
internal sealed record SignedCheckpoint(string Issuer, long Seq, string Hash, DateTimeOffset IssuedAt, string Kid);
