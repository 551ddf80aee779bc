using JitTokens.Validation.Revocation;

namespace JitTokens.Validation.Tests.Unit;

/// <summary>The revocation list: token and session entries, kept until expires_at plus the skew.</summary>
public sealed class RevocationListTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TokenAndSessionEntries_RefuseTheirTokens()
    {
        var list = new RevocationList();
        list.Add("token", "tok_1", Now.AddMinutes(5));
        list.Add("session", "ses_1", Now.AddHours(1));

        Assert.Equal(JitRejectionReasons.Revoked, list.Check("tok_1", "ses_9"));
        Assert.Equal(JitRejectionReasons.SessionEnded, list.Check("tok_2", "ses_1"));
        Assert.Null(list.Check("tok_2", "ses_2"));
    }

    [Fact]
    public void UnknownKind_IsSkipped()
    {
        var list = new RevocationList();

        Assert.False(list.Add("agent", "cursor-42", Now));
        Assert.Equal(0, list.Count);
    }

    [Fact]
    public void Prune_DropsOnlyEntriesPastExpiryPlusSkew()
    {
        var list = new RevocationList();
        list.Add("token", "tok_old", Now.AddMinutes(-2));
        list.Add("token", "tok_skew", Now.AddSeconds(-10));
        list.Add("session", "ses_live", Now.AddMinutes(1));

        var dropped = list.Prune(Now, TimeSpan.FromSeconds(30));

        Assert.Equal(1, dropped);
        Assert.Null(list.Check("tok_old", "-"));
        Assert.NotNull(list.Check("tok_skew", "-"));
        Assert.NotNull(list.Check("-", "ses_live"));
    }

    [Fact]
    public void SameIdTwice_KeepsTheLaterExpiry()
    {
        var list = new RevocationList();
        list.Add("session", "ses_1", Now.AddHours(1));
        list.Add("session", "ses_1", Now.AddMinutes(1));

        list.Prune(Now.AddMinutes(10), TimeSpan.Zero);

        Assert.NotNull(list.Check("-", "ses_1"));
    }
}
