namespace JitTokens.Abstractions.Wire;

/// <summary>The optional body of <c>POST /v1/escalations/{id}/approve</c> and <c>/deny</c> (DESIGN.md §3.3).</summary>
public sealed record DecisionRequest
{
    /// <summary>Why, in at most 500 characters of one line; shown in chat and in the escalation.</summary>
    public string? Comment { get; init; }
}
