using System.Globalization;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Cli.Output;

/// <summary>How escalations read in jit's output. Every value the server sent passes through <see cref="Redactor"/>.</summary>
internal static class EscalationText
{
    /// <summary><c>1/2</c>: approvals so far of those required.</summary>
    public static string Approvals(EscalationView escalation)
        => $"{escalation.Approvals.Count}/{escalation.ApprovalsRequired}";

    /// <summary><c>09:15:00Z</c>: escalations live minutes, so the time of day says when.</summary>
    public static string TimeOfDay(DateTimeOffset at)
        => at.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary><c>esc_… needs 2 approvals from infra, 1 so far (bob), expires 09:15:00Z</c>.</summary>
    public static string Waiting(EscalationView escalation, CliContext context)
    {
        var required = escalation.ApprovalsRequired == 1 ? "1 approval" : $"{escalation.ApprovalsRequired} approvals";
        var group = escalation.ApprovalGroup is { } g ? " from " + g : "";
        var sofar = escalation.Approvals.Count == 0 ? "0 so far" : $"{escalation.Approvals.Count} so far ({Names(escalation)})";
        return Redactor.Clean($"{escalation.EscalationId} needs {required}{group}, {sofar}, expires {TimeOfDay(escalation.ExpiresAt)}", context);
    }

    /// <summary>Who approved, in order, comma-separated.</summary>
    public static string Names(EscalationView escalation)
        => string.Join(", ", escalation.Approvals.Select(a => a.By));

    /// <summary>The outcome of a decision as <c>key: value</c> lines, like <c>jit session show</c>.</summary>
    public static string Describe(EscalationView escalation, CliContext context)
    {
        var lines = new List<string>
        {
            $"escalation: {escalation.EscalationId}",
            $"status:     {escalation.Status}",
        };
        if (escalation.DecidedBy is { } decidedBy)
        {
            lines.Add($"decided_by: {decidedBy}");
        }

        lines.Add($"approvals:  {Approvals(escalation)}" + (escalation.Approvals.Count == 0 ? "" : $" ({Names(escalation)})"));
        if (escalation.Comment is { } comment)
        {
            lines.Add($"comment:    {comment}");
        }

        lines.Add($"scope:      {escalation.Scope} in {escalation.Environment}");
        lines.Add($"expires:    {UtcTimestampConverter.Format(escalation.ExpiresAt)}");
        return string.Join('\n', lines.Select(l => Redactor.Clean(l, context)));
    }
}
