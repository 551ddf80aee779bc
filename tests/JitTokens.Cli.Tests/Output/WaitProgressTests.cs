using JitTokens.Abstractions.Wire;
using JitTokens.Cli.Output;
using JitTokens.Client;
using JitTokens.TestSupport.Clock;

namespace JitTokens.Cli.Tests.Output;

/// <summary>Progress of <c>jit token --wait</c>: a line per change, a heartbeat per quiet minute, nothing per poll.</summary>
public sealed class WaitProgressTests : IDisposable
{
    private readonly StringWriter _stderr = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly WaitProgress _progress;

    public WaitProgressTests() => _progress = new WaitProgress(new CliContext(TextWriter.Null, _stderr, _ => null), _clock);

    private string[] Lines => _stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public void Dispose() => _stderr.Dispose();

    private static EscalationProgress Poll(EscalationView view, int polls = 1) => new() { Escalation = view, Polls = polls, PollInterval = TimeSpan.FromSeconds(2) };

    [Fact]
    public void Report_First_SaysWhatIsNeededFromWhomAndUntilWhen()
    {
        _progress.Report(Poll(EscalationTableTests.View()));

        Assert.Equal(["jit: waiting for approval: esc_1 needs 2 approvals from infra, 0 so far, expires 09:15:00Z"], Lines);
    }

    [Fact]
    public void Report_Unchanged_WritesNothingUntilTheHeartbeat()
    {
        _progress.Report(Poll(EscalationTableTests.View()));
        _clock.Advance(TimeSpan.FromSeconds(58));
        _progress.Report(Poll(EscalationTableTests.View(), 2));
        _clock.Advance(TimeSpan.FromSeconds(2));
        _progress.Report(Poll(EscalationTableTests.View(), 3));

        Assert.Equal(2, Lines.Length);
        Assert.Equal("jit: still waiting for approval: esc_1 needs 2 approvals from infra, 0 so far, expires 09:15:00Z", Lines[1]);
    }

    [Fact]
    public void Report_NewApproval_WritesALineNamingTheApprover()
    {
        _progress.Report(Poll(EscalationTableTests.View()));
        _progress.Report(Poll(EscalationTableTests.View("esc_1", "demo", "bob"), 2));

        Assert.Equal("jit: waiting for approval: esc_1 needs 2 approvals from infra, 1 so far (bob), expires 09:15:00Z", Lines[^1]);
    }

    [Fact]
    public void Report_OneApprovalNeeded_IsSingular()
    {
        _progress.Report(Poll(EscalationTableTests.View() with { ApprovalsRequired = 1, ApprovalGroup = "dba" }));

        Assert.Contains("needs 1 approval from dba, 0 so far", Assert.Single(Lines), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_AlreadyDecided_LeavesTheWordToTheNextPoll()
    {
        _progress.Report(Poll(EscalationTableTests.View() with { Status = EscalationStatuses.Denied, DecidedBy = "dana" }));

        Assert.Empty(Lines);
    }
}
