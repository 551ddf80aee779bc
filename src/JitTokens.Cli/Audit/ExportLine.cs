using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Cli.Audit;

/// <summary>One non-empty line of an export: exactly one of an event, a checkpoint, or why it is neither.</summary>
internal sealed record ExportLine(int Number, AuditEvent? Event, AuditCheckpoint? Checkpoint, string? Problem);
