using System.Globalization;
using System.Text;
using JitTokens.Abstractions.Json;

namespace JitTokens.Client;

/// <summary>
/// Which events of the issuance log to read (<c>GET /v1/audit</c>, DESIGN.md §3.6). Every filter is
/// optional and they combine with "and"; null leaves a filter out.
/// </summary>
public sealed record AuditQuery
{
    /// <summary>The server's page size when <see cref="Limit"/> is null.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page the server sends.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Only events of this type, one of <see cref="Abstractions.AuditEventTypes"/> (<c>type=</c>).</summary>
    public string? Type { get; init; }

    /// <summary>Only events of this session, <c>ses_…</c> (<c>session=</c>).</summary>
    public string? SessionId { get; init; }

    /// <summary>Only events of sessions of this agent (<c>agent=</c>).</summary>
    public string? Agent { get; init; }

    /// <summary>Only events of sessions this human owns (<c>owner=</c>).</summary>
    public string? Owner { get; init; }

    /// <summary>Only events about this environment (<c>environment=</c>).</summary>
    public string? Environment { get; init; }

    /// <summary>Only events at or after this time, sent as RFC 3339 UTC (<c>since=</c>).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only events before this time, sent as RFC 3339 UTC (<c>until=</c>).</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>
    /// Only events after this cursor: the <see cref="Abstractions.Wire.AuditEventList.Next"/> of an earlier page, opaque
    /// (<c>after=</c>). Null starts at the beginning of the log.
    /// </summary>
    public string? After { get; init; }

    /// <summary>At most this many events, 1–1000 (<c>limit=</c>). Null: the server's default, 100.</summary>
    public int? Limit { get; init; }

    /// <summary>The query string, starting with <c>?</c>, or empty; values escaped.</summary>
    internal string ToQueryString()
    {
        if (Limit is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1, nameof(Limit));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit, nameof(Limit));
        }

        var query = new StringBuilder();
        Add(query, "type", Type);
        Add(query, "session", SessionId);
        Add(query, "agent", Agent);
        Add(query, "owner", Owner);
        Add(query, "environment", Environment);
        Add(query, "since", Since is { } since ? UtcTimestampConverter.Format(since) : null);
        Add(query, "until", Until is { } until ? UtcTimestampConverter.Format(until) : null);
        Add(query, "after", After);
        Add(query, "limit", Limit?.ToString(CultureInfo.InvariantCulture));
        return query.ToString();
    }

    private static void Add(StringBuilder query, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }
}
