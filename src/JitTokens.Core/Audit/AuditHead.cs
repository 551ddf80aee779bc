namespace JitTokens.Core.Audit;

/// <summary>The end of the chain: the last event's seq and hash.</summary>
internal sealed record AuditHead(long Seq, string Hash);
