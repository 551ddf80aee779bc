using JitTokens.Cli.Output;
using JitTokens.Cli.Tests.Support;

namespace JitTokens.Cli.Tests.Output;

public sealed class AuditTableTests
{
    private static CliContext Context() => new(TextWriter.Null, TextWriter.Null, _ => null);

    [Fact]
    public void Lines_HeaderOnlyOnTheFirstCall()
    {
        var table = new AuditTable(Context());
        var events = TestIssuer.Events(2);

        var first = table.Lines([events[0]]);
        var second = table.Lines([events[1]]);

        Assert.Equal(2, first.Count);
        Assert.StartsWith("TIME ", first[0], StringComparison.Ordinal);
        Assert.StartsWith("2026-11-22T09:00:02Z  2 ", Assert.Single(second), StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_EmptyFirstCall_StillPrintsTheHeader()
        => Assert.StartsWith("TIME", Assert.Single(new AuditTable(Context(), following: true).Lines([])), StringComparison.Ordinal);

    [Fact]
    public void Lines_SessionWithSeveralScopes_CountsThem()
    {
        var started = TestIssuer.Event(1) with { Type = "session.started", Scope = "db:read db:write volume:read" };

        var row = new AuditTable(Context()).Lines([started])[1];

        Assert.Contains("  3 scopes  ", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_MissingValuesAndMillisecondTimes_PrintEvenly()
    {
        var ended = TestIssuer.Event(1) with { Type = "session.ended", Time = TestIssuer.Start.AddMilliseconds(1500), Scope = null, Environment = null, Decision = null, TokenId = null };

        var row = new AuditTable(Context()).Lines([ended])[1];

        Assert.Equal("2026-11-22T09:00:01Z  1    session.ended  agent:demo  demo   -      -    -        ses_1", row);
    }
}
