namespace JitTokens.Cli.Tests.Support;

/// <summary>What one jit run left behind.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public IReadOnlyList<string> StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string> StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The <c>export NAME=value</c> lines of stdout, as the shell's <c>eval</c> would apply them.</summary>
    public IReadOnlyDictionary<string, string> Exports => StdoutLines
        .Where(l => l.StartsWith("export ", StringComparison.Ordinal))
        .Select(l => l["export ".Length..].Split('=', 2))
        .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}
