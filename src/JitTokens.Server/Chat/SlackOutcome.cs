using System.Globalization;
using System.Text;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Escalations;

namespace JitTokens.Server.Chat;

/// <summary>How an escalation's state reads in chat: the title, and once final, what happened and who decided. Text is escaped mrkdwn.</summary>
internal static class SlackOutcome
{
    public static string Title(string status) => status switch
    {
        EscalationStatuses.Pending => "Approval needed",
        EscalationStatuses.Approved => "Approved",
        EscalationStatuses.Denied => "Denied",
        EscalationStatuses.Expired => "Expired",
        EscalationStatuses.Cancelled => "Cancelled",
        EscalationStatuses.Redeemed => "Redeemed",
        _ => "Closed",
    };

    public static string Emoji(string status) => status switch
    {
        EscalationStatuses.Approved => ":white_check_mark:",
        EscalationStatuses.Denied => ":no_entry:",
        EscalationStatuses.Expired => ":hourglass:",
        EscalationStatuses.Redeemed => ":key:",
        _ => ":heavy_minus_sign:",
    };

    /// <summary>What happened, in one line; null while <paramref name="status"/> (as shown at render time) is pending.</summary>
    public static string? Describe(EscalationRecord e, string status) => status switch
    {
        EscalationStatuses.Pending => null,
        EscalationStatuses.Approved => $"Approved by {Approvers(e)}{Comment(e)}",
        EscalationStatuses.Denied => $"Denied by {SlackText.EscapeLine(e.DecidedBy ?? "an approver")}{Comment(e)}",
        // DecidedBy is set only by the final approval: an approved request that nobody redeemed.
        EscalationStatuses.Expired when e.DecidedBy is not null || e.Status == EscalationStatuses.Approved
            => $"Expired: approved by {Approvers(e)} but not redeemed in time",
        EscalationStatuses.Expired when e.Approvals.Length > 0
            => $"Expired: nobody decided in time ({e.Approvals.Length} of {e.ApprovalsRequired} approvals)",
        EscalationStatuses.Expired => "Expired: nobody decided in time",
        EscalationStatuses.Cancelled => "Cancelled: the session ended",
        EscalationStatuses.Redeemed => $"Redeemed: token {SlackText.EscapeLine(e.TokenId ?? "(unknown)")} issued, approved by {Approvers(e)}",
        _ => $"Closed: {SlackText.EscapeLine(status)}",
    };

    /// <summary>A TTL as people write it: <c>45s</c>, <c>10m</c>, <c>1h30m</c>.</summary>
    public static string Duration(int seconds)
    {
        if (seconds <= 0)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        var span = TimeSpan.FromSeconds(seconds);
        Append(builder, (long)span.TotalHours, 'h');
        Append(builder, span.Minutes, 'm');
        Append(builder, span.Seconds, 's');
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, long value, char unit)
    {
        if (value > 0)
        {
            builder.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }

    private static string Approvers(EscalationRecord e) => e.Approvals.Length > 0
        ? string.Join(", ", e.Approvals.Select(a => SlackText.EscapeLine(a.By)))
        : SlackText.EscapeLine(e.DecidedBy ?? "an approver");

    private static string Comment(EscalationRecord e) => string.IsNullOrWhiteSpace(e.Comment) ? "" : ": " + SlackText.EscapeLine(e.Comment);
}
