using JitTokens.Abstractions.Wire;

namespace JitTokens.Core.Audit;

/// <summary>One page of matching events and the cursor to continue from (the last seq examined).</summary>
internal sealed record AuditPage(IReadOnlyList<AuditEvent> Events, long Next);
