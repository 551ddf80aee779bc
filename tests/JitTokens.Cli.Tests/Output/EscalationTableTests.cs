using JitTokens.Abstractions.Wire;
using JitTokens.Cli.Output;

namespace JitTokens.Cli.Tests.Output;

public sealed class EscalationTableTests
{
    private static readonly DateTimeOffset Expires = new(2026, 11, 22, 9, 15, 0, TimeSpan.Zero);

    private static CliContext Context() => new(TextWriter.Null, TextWriter.Null, _ => null);

    internal static EscalationView View(string id = "esc_1", string agent = "demo", params string[] approvers) => new()
    {
        EscalationId = id,
        Status = EscalationStatuses.Pending,
        Scope = "volume:delete",
        Environment = "production",
        Purpose = "delete the scratch volume",
        Agent = agent,
        Owner = "alice",
        ApprovalGroup = "infra",
        ApprovalsRequired = 2,
        Approvals = [.. approvers.Select(a => new ApprovalView { By = a, At = Expires.AddMinutes(-10) })],
        ExpiresAt = Expires,
    };

    [Fact]
    public void Render_HeaderAndRows_InAlignedColumns()
    {
        var table = EscalationTable.Render([View("esc_1", "demo", "bob"), View("esc_22", "cursor-42")], Context());

        Assert.Equal(
            [
                "ID      STATUS   SCOPE          ENV         AGENT      OWNER  APPROVALS  EXPIRES",
                "esc_1   pending  volume:delete  production  demo       alice  1/2        2026-11-22T09:15:00Z",
                "esc_22  pending  volume:delete  production  cursor-42  alice  0/2        2026-11-22T09:15:00Z",
            ],
            table.Split('\n'));
    }

    [Fact]
    public void Render_CellShapedLikeACredentialOrWithLineBreaks_IsCleaned()
    {
        var table = EscalationTable.Render([View("esc_1", "jits_AAAA\nevil")], Context());

        Assert.Equal(2, table.Split('\n').Length);
        Assert.Contains("[redacted] evil", table, StringComparison.Ordinal);
        Assert.DoesNotContain("jits_", table, StringComparison.Ordinal);
    }
}
