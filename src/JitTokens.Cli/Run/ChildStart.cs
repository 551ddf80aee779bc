using System.Diagnostics;

namespace JitTokens.Cli.Run;

/// <summary>What starting the command of <c>jit run</c> gave: the process, or an exit code and why it did not start.</summary>
/// <param name="Process">The running command; null when it did not start.</param>
/// <param name="ExitCode">127 (not found) or 126 (cannot be run) when it did not start; else 0.</param>
/// <param name="Failure">One line for stderr when it did not start.</param>
internal sealed record ChildStart(Process? Process, int ExitCode, string? Failure);
