using JitTokens.Abstractions.Wire;
using JitTokens.Core.Errors;

namespace JitTokens.Core.Tokens;

/// <summary>The answer to a token request: exactly one of issued (201), escalated (202) or refused.</summary>
internal sealed record TokenOutcome(TokenIssued? Issued, TokenEscalated? Escalated, JitError? Error)
{
    public static implicit operator TokenOutcome(TokenIssued issued) => new(issued, null, null);

    public static implicit operator TokenOutcome(TokenEscalated escalated) => new(null, escalated, null);

    public static implicit operator TokenOutcome(JitError error) => new(null, null, error);
}
