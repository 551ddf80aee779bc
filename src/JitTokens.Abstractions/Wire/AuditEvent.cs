namespace JitTokens.Abstractions.Wire;

/// <summary>
/// One record of the issuance log (DESIGN.md §3.6). Never holds a token, session token or secret.
/// Members that do not apply to an event type are null.
/// </summary>
public sealed record AuditEvent
{
    /// <summary>Position in the log, assigned by the sink; 1-based.</summary>
    public long Seq { get; init; }

    /// <summary>A unique id for the event.</summary>
    public required string Id { get; init; }

    /// <summary>When the decision was made (RFC 3339 UTC, milliseconds).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>One of <see cref="AuditEventTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>Who did it: <c>agent:&lt;name&gt;</c>, a human user name, <c>slack:U…</c> or <c>anonymous</c>.</summary>
    public required string Actor { get; init; }

    /// <summary>The session concerned.</summary>
    public string? SessionId { get; init; }

    /// <summary>The session's owner.</summary>
    public string? Owner { get; init; }

    /// <summary>The session's agent.</summary>
    public string? Agent { get; init; }

    /// <summary>The requested scope.</summary>
    public string? Scope { get; init; }

    /// <summary>The requested environment.</summary>
    public string? Environment { get; init; }

    /// <summary>The requested target.</summary>
    public string? Target { get; init; }

    /// <summary>The stated purpose.</summary>
    public string? Purpose { get; init; }

    /// <summary>The TTL granted (or requested, when refused), in seconds.</summary>
    public int? TtlSeconds { get; init; }

    /// <summary>The token id concerned.</summary>
    public string? TokenId { get; init; }

    /// <summary>The escalation concerned.</summary>
    public string? EscalationId { get; init; }

    /// <summary><c>issue</c>, <c>escalate</c>, <c>deny</c> where a decision was made.</summary>
    public string? Decision { get; init; }

    /// <summary>The error code of a refusal.</summary>
    public string? Error { get; init; }

    /// <summary>The approvers of an escalated request.</summary>
    public IReadOnlyList<string>? Approvers { get; init; }

    /// <summary>The caller's IP address.</summary>
    public string? ClientIp { get; init; }

    /// <summary>The W3C trace id of the request, when traced.</summary>
    public string? TraceId { get; init; }

    /// <summary>The hash of the previous event (hex SHA-256), when the sink chains events.</summary>
    public string? PrevHash { get; init; }

    /// <summary>SHA-256 over <see cref="PrevHash"/> and the canonical event, when the sink chains events.</summary>
    public string? Hash { get; init; }
}
