using System.Text;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Cli.Output;

/// <summary>The <c>jit escalations</c> table: one row per escalation under an upper-case header, columns padded with spaces like kubectl.</summary>
internal static class EscalationTable
{
    private static readonly string[] Header = ["ID", "STATUS", "SCOPE", "ENV", "AGENT", "OWNER", "APPROVALS", "EXPIRES"];

    public static string Render(IReadOnlyList<EscalationView> escalations, CliContext context)
    {
        var rows = new List<string[]> { Header };
        rows.AddRange(escalations.Select(e => new[]
        {
            e.EscalationId, e.Status, e.Scope, e.Environment, e.Agent, e.Owner, EscalationText.Approvals(e), UtcTimestampConverter.Format(e.ExpiresAt),
        }.Select(cell => Redactor.Clean(cell, context)).ToArray()));

        var widths = Enumerable.Range(0, Header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var table = new StringBuilder();
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                table.Append(c == row.Length - 1 ? row[c] : row[c].PadRight(widths[c] + 2));
            }

            table.Append('\n');
        }

        return table.ToString().TrimEnd('\n');
    }
}
