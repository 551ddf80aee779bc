namespace JitTokens.Core.Audit;

/// <summary>The payload of a checkpoint JWS.</summary>
internal sealed record CheckpointClaims(string Iss, long Seq, string Hash, long Iat);
