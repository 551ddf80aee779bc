using JitTokens.Validation.Authentication;

namespace JitTokens.Validation.Tests.Unit;

/// <summary>RFC 6750 §3 challenges: bare without a token, quoted attributes that cannot break the header.</summary>
public sealed class RejectionResponderTests
{
    [Fact]
    public void MissingToken_IsABareBearerChallenge()
        => Assert.Equal("Bearer", RejectionResponder.Challenge(JitRejection.MissingToken));

    [Fact]
    public void InsufficientScope_NamesTheScope()
        => Assert.Equal(
            "Bearer error=\"insufficient_scope\", error_description=\"needs db:write\", scope=\"db:write\"",
            RejectionResponder.Challenge(JitRejection.Insufficient(JitRejectionReasons.InsufficientScope, "db:write", "needs db:write")));

    [Fact]
    public void QuotesBackslashesAndNonAscii_AreReplaced()
        => Assert.Equal("a?b?c?d?", RejectionResponder.Quotable("a\"b\\c\u00e9d\n"));
}
