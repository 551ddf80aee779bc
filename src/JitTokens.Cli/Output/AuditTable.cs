using System.Globalization;
using System.Text;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Cli.Output;

/// <summary>
/// The <c>jit audit</c> table: one row per event in log order, kubectl-style padded columns. The
/// header and column widths come with the first rows; with <c>following</c> the widths also leave
/// room for typical values, so rows printed later by <c>--follow</c> still line up.
/// The full event is in <c>--json</c>; the table keeps what a reader scans for.
/// </summary>
internal sealed class AuditTable(CliContext context, bool following = false)
{
    private static readonly string[] Header = ["TIME", "SEQ", "TYPE", "ACTOR", "AGENT", "SCOPE", "ENV", "OUTCOME", "ID"];

    /// <summary>For <c>--follow</c>: a seq of 6 digits, the longest type, error code and typical names.</summary>
    private static readonly int[] RoomForLater = [20, 6, 20, 16, 12, 14, 10, 23, 0];

    private int[]? _widths;

    /// <summary>The rows of <paramref name="events"/>, after the header on the first call.</summary>
    public IReadOnlyList<string> Lines(IReadOnlyList<AuditEvent> events)
    {
        var rows = events.Select(Cells).ToList();
        var lines = new List<string>(rows.Count + 1);
        if (_widths is null)
        {
            _widths = [.. Header.Select((h, c) => Math.Max(following ? RoomForLater[c] : 0, rows.Select(r => r[c].Length).Append(h.Length).Max()))];
            lines.Add(Format(Header));
        }

        lines.AddRange(rows.Select(Format));
        return lines;
    }

    /// <summary>The outcome: the error code of a refusal, else the decision.</summary>
    public static string Outcome(AuditEvent e) => e.Error ?? e.Decision ?? "-";

    /// <summary>The scope, or for a session's several scopes how many (the list is in <c>--json</c>).</summary>
    public static string? Scope(AuditEvent e)
        => e.Scope is { } scope && scope.Contains(' ', StringComparison.Ordinal)
            ? $"{scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length} scopes"
            : e.Scope;

    /// <summary>The most specific id: the token, else the escalation, else the session.</summary>
    public static string Id(AuditEvent e) => e.TokenId ?? e.EscalationId ?? e.SessionId ?? "-";

    private string[] Cells(AuditEvent e) =>
    [
        .. new[]
        {
            e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            e.Seq.ToString(CultureInfo.InvariantCulture),
            e.Type,
            e.Actor,
            e.Agent,
            Scope(e),
            e.Environment,
            Outcome(e),
            Id(e),
        }.Select(cell => string.IsNullOrEmpty(cell) ? "-" : Redactor.Clean(cell, context)),
    ];

    private string Format(string[] row)
    {
        var line = new StringBuilder();
        for (var c = 0; c < row.Length; c++)
        {
            // Two spaces always: a value longer than its column (a late row of --follow) must not run into the next.
            line.Append(c == row.Length - 1 ? row[c] : row[c].PadRight(_widths![c]) + "  ");
        }

        return line.ToString();
    }
}
