namespace JitTokens.Abstractions.Wire;

/// <summary>One approval of an escalation.</summary>
public sealed record ApprovalView
{
    /// <summary>The approver: a user name or a chat id (<c>slack:U…</c>).</summary>
    public required string By { get; init; }

    /// <summary>When they approved.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The approver's comment, if they gave one.</summary>
    public string? Comment { get; init; }
}
