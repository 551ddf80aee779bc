using System.Text;
using System.Text.Json;
using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Abstractions.Tests;

/// <summary>
/// <see cref="AuditChain.Link(AuditEvent, long, string, out byte[])"/> writes the stored form from the canonical
/// form when it can: whatever the event holds, the bytes must be exactly what the serializer writes, and the
/// event and hash exactly what the plain link gives.
/// </summary>
public sealed class AuditChainLinkTests
{
    public static TheoryData<string, string?, string[]?> Texts => new()
    {
        { "read orders for OPS-17", null, null },
        { "plain", "api", [] },
        { "quote \" and backslash \\ here", "db", ["dana"] },
        { "apostrophe don't, <tag> & plus+", null, ["dana", "erin"] },
        { "accents: café, naïve; emoji 🚀", "ünïcode", ["zoë"] },
        { "control \u0001 and tab \t and newline \n", null, null },
        { "line separator \u2028 and bom \ufeff", "x", null },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void StoredForm_IsWhatTheSerializerWrites(string purpose, string? target, string[]? approvers)
    {
        var e = Event(purpose, target, approvers);
        var prev = Convert.ToHexStringLower(new byte[32].Select((_, i) => (byte)(i * 7)).ToArray());

        var linked = AuditChain.Link(e, 42, prev, out var stored);

        Assert.Equal(AuditChain.Link(e, 42, prev), linked);
        Assert.Equal(JsonSerializer.Serialize(linked, JitJson.Context.AuditEvent), Encoding.UTF8.GetString(stored));
        Assert.Equal(linked, JsonSerializer.Deserialize(stored, JitJson.Context.AuditEvent)! with { Approvers = linked.Approvers });
        Assert.True(AuditChain.Verify([linked], prev).Valid);
    }

    [Fact]
    public void StoredForm_FromGenesis_AndWithAPrevHashThatIsNotHex_IsStillExact()
    {
        var e = Event("plain", null, null);
        var fromGenesis = AuditChain.Link(e, 1, AuditChain.Genesis, out var stored);
        Assert.Equal(JsonSerializer.Serialize(fromGenesis, JitJson.Context.AuditEvent), Encoding.UTF8.GetString(stored));

        var odd = AuditChain.Link(e, 2, "NOT-HEX \"quoted\"", out stored);
        Assert.Equal(JsonSerializer.Serialize(odd, JitJson.Context.AuditEvent), Encoding.UTF8.GetString(stored));
    }

    private static AuditEvent Event(string purpose, string? target, string[]? approvers) => new()
    {
        Seq = 999, // replaced by the link
        Id = "evt_01",
        Time = new DateTimeOffset(2026, 11, 22, 9, 30, 15, 123, TimeSpan.Zero),
        Type = AuditEventTypes.TokenIssued,
        Actor = "agent:cursor-42",
        SessionId = "ses_1",
        Owner = "dana",
        Agent = "cursor-42",
        Scope = "db:read",
        Environment = "staging",
        Target = target,
        Purpose = purpose,
        TtlSeconds = 300,
        TokenId = "tok_1",
        Decision = "issue",
        Approvers = approvers,
        ClientIp = "127.0.0.1",
        PrevHash = "stale",
        Hash = "stale",
    };
}
