using System.Globalization;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;

namespace JitTokens.TestSupport.Audit;

/// <summary>Unlinked audit events for log tests (seq, prev_hash and hash unset). Times are whole milliseconds, as the log stores them.</summary>
internal static class AuditRecords
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A <c>token.issued</c> event with id <paramref name="id"/>, at a time derived from <paramref name="n"/> (milliseconds after a fixed start).</summary>
    public static AuditEvent Event(string id, int n = 0) => new()
    {
        Id = id,
        Time = Start.AddMilliseconds(n),
        Type = AuditEventTypes.TokenIssued,
        Actor = "agent:cursor-42",
        SessionId = "ses_1",
        Scope = "db:read",
        Environment = "staging",
        Decision = "issue",
    };

    /// <summary><paramref name="count"/> events with ids <c>{prefix}0</c>, <c>{prefix}1</c>, … in that order.</summary>
    public static AuditEvent[] Batch(string prefix, int count)
        => [.. Enumerable.Range(0, count).Select(i => Event(prefix + i.ToString(CultureInfo.InvariantCulture), i))];

    /// <summary>An event with every member set, non-ASCII and JSON-escaped text included.</summary>
    public static AuditEvent Full(string id) => new()
    {
        Id = id,
        Time = Start.AddMilliseconds(123),
        Type = AuditEventTypes.TokenIssued,
        Actor = "alice",
        SessionId = "ses_1",
        Owner = "alice",
        Agent = "cursor-42",
        Scope = "db:write",
        Environment = "production",
        Target = "orders-db",
        Purpose = "fix \"checkout\" — naïve <script> & ünïcode\n",
        TtlSeconds = 300,
        TokenId = "tok_1",
        EscalationId = "esc_1",
        Decision = "escalate",
        Error = "invalid_scope",
        Approvers = ["bob", "carol"],
        ClientIp = "192.0.2.7",
        TraceId = "0af7651916cd43dd8448eb211c80319c",
    };
}
