using System.Diagnostics.CodeAnalysis;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Client;

/// <summary>
/// A granted token request (DESIGN.md §3.2): exactly one of <see cref="Issued"/> (201, the token
/// is here) or <see cref="Escalated"/> (202, a human has to approve first).
/// </summary>
public sealed record TokenOutcome
{
    private TokenOutcome(TokenIssued? issued, TokenEscalated? escalated)
    {
        Issued = issued;
        Escalated = escalated;
    }

    /// <summary>The token, when the request was approved automatically.</summary>
    public TokenIssued? Issued { get; }

    /// <summary>The pending escalation, when the request needs human approval.</summary>
    public TokenEscalated? Escalated { get; }

    /// <summary>True when <see cref="Issued"/> holds the token; false when <see cref="Escalated"/> is pending.</summary>
    [MemberNotNullWhen(true, nameof(Issued))]
    [MemberNotNullWhen(false, nameof(Escalated))]
    public bool IsIssued => Issued is not null;

    /// <summary>An automatically approved request.</summary>
    public static TokenOutcome FromIssued(TokenIssued issued)
    {
        ArgumentNullException.ThrowIfNull(issued);
        return new(issued, null);
    }

    /// <summary>A request waiting for human approval.</summary>
    public static TokenOutcome FromEscalated(TokenEscalated escalated)
    {
        ArgumentNullException.ThrowIfNull(escalated);
        return new(null, escalated);
    }

    /// <summary>Ids only: the access token is never printed.</summary>
    public override string ToString()
        => IsIssued
            ? $"TokenOutcome {{ Issued = {Issued.TokenId} }}"
            : $"TokenOutcome {{ Escalated = {Escalated.EscalationId} }}";
}
