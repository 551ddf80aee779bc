using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Wire;
using JitTokens.Cli.Audit;
using JitTokens.Cli.Tests.Support;

namespace JitTokens.Cli.Tests.Audit;

/// <summary>
/// Offline verification of an export (<c>jit audit verify</c>): an intact log passes, and every kind
/// of tampering is caught at the seq where the log stops being what the issuer wrote.
/// </summary>
public sealed class ExportVerifierTests : IDisposable
{
    private readonly TestIssuer _issuer = new();
    private readonly List<AuditEvent> _events = TestIssuer.Events(8);

    [Fact]
    public async Task Intact_WithCheckpoints_IsValidWithTheHeadAndWhatIsSigned()
    {
        var result = await VerifyAsync(_issuer.Export(_events, 4, 8));

        Assert.Equal(new AuditVerification { Valid = true, Events = 8, Head = _events[^1].Hash, HeadSeq = 8, Checkpoints = 2 }, result.Verification);
        Assert.Equal(8, result.SignedThrough);
    }

    [Fact]
    public async Task Intact_TailAfterTheLastCheckpoint_IsValidButSignedOnlyThatFar()
    {
        var result = await VerifyAsync(_issuer.Export(_events, 5));

        Assert.True(result.Verification.Valid);
        Assert.Equal((8L, 1), (result.Verification.HeadSeq!.Value, result.Verification.Checkpoints!.Value));
        Assert.Equal(5, result.SignedThrough);
    }

    [Fact]
    public async Task Intact_WithoutAnyCheckpoint_IsValidAndSignedNowhere()
    {
        var result = await VerifyAsync(_issuer.Export(_events));

        Assert.Equal((true, 8L, 0), (result.Verification.Valid, result.Verification.Events, result.Verification.Checkpoints!.Value));
        Assert.Null(result.SignedThrough);
    }

    [Fact]
    public async Task EmptyFile_IsAnIntactEmptyLog()
    {
        var result = await VerifyAsync(["", "  "]);

        Assert.Equal((true, 0L, null), (result.Verification.Valid, result.Verification.Events, result.Verification.HeadSeq));
    }

    [Fact]
    public async Task ModifiedField_FailsAtThatEvent()
    {
        var lines = _issuer.Export(_events, 8);
        lines[2] = lines[2].Replace("\"scope\":\"db:read\"", "\"scope\":\"db:write\"", StringComparison.Ordinal);

        var result = await VerifyAsync(lines);

        AssertInvalid(result, 3, "seq 3 does not match its hash: the event was changed");
        Assert.Equal(2, result.Verification.Events);
    }

    [Fact]
    public async Task ModifiedAndEveryHashRecomputed_IsCaughtByTheNextCheckpoint()
    {
        var forged = Relink([.. _events.Select(e => e.Seq == 3 ? e with { Scope = "db:write" } : e)]);
        List<string> lines = [.. forged.Select(TestIssuer.Line), _issuer.Checkpoint(_events[1]), _issuer.Checkpoint(_events[5])];

        var result = await VerifyAsync(lines);

        AssertInvalid(result, 6, "the signed checkpoint at seq 6 names another hash: events up to it were rewritten");
    }

    [Fact]
    public async Task DeletedLineInTheMiddle_FailsAtTheMissingSeq()
    {
        var lines = _issuer.Export(_events, 8);
        lines.RemoveAt(3);

        AssertInvalid(await VerifyAsync(lines), 4, "seq 5 follows seq 3: 1 event(s) missing");
    }

    [Fact]
    public async Task DeletedFirstLine_FailsAtSeqOneForNoCheckpointAnchorsTheRest()
    {
        var lines = _issuer.Export(_events, 8);
        lines.RemoveAt(0);

        AssertInvalid(await VerifyAsync(lines), 1, "the file starts at seq 2, not 1, and no signed checkpoint of seq 1 anchors it");
    }

    [Fact]
    public async Task DeletedLastLine_FailsAtThatSeqWhenACheckpointCoversIt()
    {
        var lines = _issuer.Export(_events, 4, 8);
        lines.RemoveAt(7);

        AssertInvalid(await VerifyAsync(lines), 8, "a signed checkpoint covers seq 8 but the file ends at seq 7: events were removed from the end");
    }

    [Fact]
    public async Task DeletedLastLineAndItsCheckpoint_LeaveOnlyWhatEarlierCheckpointsSign()
    {
        // The limit of any signed chain: what no checkpoint covers yet can be cut; SignedThrough says how far the signatures reach.
        var lines = _issuer.Export(_events, 4);
        lines.RemoveAt(7);

        var result = await VerifyAsync(lines);

        Assert.Equal((true, 7L, 4L), (result.Verification.Valid, result.Verification.HeadSeq!.Value, result.SignedThrough!.Value));
    }

    [Fact]
    public async Task InsertedLine_LinkedLikeARealEvent_FailsWhereTheOriginalResumes()
    {
        var inserted = AuditChain.Link(TestIssuer.Event(3) with { Id = "evt_forged", Scope = "db:write" }, 3, _events[1].Hash!);
        var lines = _issuer.Export(_events, 8);
        lines.Insert(2, TestIssuer.Line(inserted));

        AssertInvalid(await VerifyAsync(lines), 4, "seq 3 comes after seq 3: events were reordered or repeated");
    }

    [Fact]
    public async Task InsertedLine_NotLinked_FailsAtIt()
    {
        var lines = _issuer.Export(_events, 8);
        lines.Insert(2, TestIssuer.Line(TestIssuer.Event(3) with { Id = "evt_forged", PrevHash = _events[1].Hash, Hash = _events[2].Hash }));

        AssertInvalid(await VerifyAsync(lines), 3, "seq 3 does not match its hash: the event was changed");
    }

    [Fact]
    public async Task SwappedLines_FailAtTheFirstSeqOutOfPlace()
    {
        var lines = _issuer.Export(_events, 8);
        (lines[3], lines[4]) = (lines[4], lines[3]);

        AssertInvalid(await VerifyAsync(lines), 4, "seq 5 follows seq 3: 1 event(s) missing");
    }

    [Fact]
    public async Task CheckpointWithABadSignature_FailsAtItsSeq()
    {
        var lines = _issuer.Export(_events, 4, 8);
        var jws = _issuer.Sign(4, _events[3].Hash!);
        lines[8] = _issuer.Checkpoint(4, _events[3].Hash!, jws[..^2] + (jws[^2] == 'A' ? "B" : "A") + jws[^1]);

        AssertInvalid(await VerifyAsync(lines), 4, "the checkpoint at seq 4 does not verify: the signature does not verify with key key-1");
    }

    [Fact]
    public async Task CheckpointSignedOverAnotherHash_FailsAtItsSeq()
    {
        var lines = _issuer.Export(_events, 8);
        lines.Add(_issuer.Checkpoint(4, _events[2].Hash!));

        AssertInvalid(await VerifyAsync(lines), 4, "the signed checkpoint at seq 4 names another hash: events up to it were rewritten");
    }

    [Fact]
    public async Task CheckpointLineEditedButItsJwsKept_FailsAtItsSeq()
    {
        var lines = _issuer.Export(_events, 4);
        lines[8] = _issuer.Checkpoint(4, _events[2].Hash!, _issuer.Sign(4, _events[3].Hash!));

        AssertInvalid(await VerifyAsync(lines), 4, "the checkpoint at seq 4 does not verify: the line's hash is not the hash its jws signs");
    }

    [Fact]
    public async Task CheckpointByAKeyNotInTheJwks_FailsAtItsSeq()
    {
        using var other = new TestIssuer("key-2");
        var lines = _issuer.Export(_events, 4);
        lines.Add(other.Checkpoint(_events[7]));

        AssertInvalid(await VerifyAsync(lines), 8, "the checkpoint at seq 8 does not verify: signed by key key-2, which the JWKS does not hold");
    }

    [Fact]
    public async Task CheckpointByARotatedKey_VerifiesWithBothJwksFiles()
    {
        using var old = new TestIssuer("key-0");
        var lines = _issuer.Export(_events, 8);
        lines.Insert(8, old.Checkpoint(_events[3]));

        var result = await VerifyAsync(lines, _issuer.Jwks, old.Jwks);

        Assert.Equal((true, 2), (result.Verification.Valid, result.Verification.Checkpoints!.Value));
    }

    [Fact]
    public async Task CheckpointBeyondTheEndWithABadSignature_FailsAtItsOwnSeq()
    {
        var lines = _issuer.Export(_events, 8);
        lines.Add(_issuer.Checkpoint(12, new string('a', 64), _issuer.Sign(12, new string('a', 64))[..^4] + "AAAA"));

        AssertInvalid(await VerifyAsync(lines), 12, "the checkpoint at seq 12 does not verify: the signature does not verify with key key-1");
    }

    [Fact]
    public async Task ExportStartingLater_IsAnchoredByTheSignedCheckpointOfTheSeqBefore()
    {
        var lines = _issuer.Export(_events, 3, 8).Skip(3).ToList();

        var result = await VerifyAsync(lines);

        Assert.Equal(new AuditVerification { Valid = true, Events = 5, Head = _events[^1].Hash, HeadSeq = 8, Checkpoints = 2 }, result.Verification);
    }

    [Fact]
    public async Task ExportStartingLater_AnchorCheckpointForged_FailsAtTheAnchor()
    {
        using var other = new TestIssuer("key-1");
        var lines = _issuer.Export(_events, 8).Skip(3).Append(other.Checkpoint(_events[2])).ToList();

        AssertInvalid(await VerifyAsync(lines), 3, "the checkpoint at seq 3 does not verify: the signature does not verify with key key-1");
    }

    [Fact]
    public async Task LineThatIsNotJson_FailsWhereTheLogStopsBeingReadable()
    {
        var lines = _issuer.Export(_events, 8);
        lines[5] = lines[5][..40];

        var result = await VerifyAsync(lines);

        AssertInvalid(result, 6, null);
        Assert.StartsWith("line 6 is neither an audit event nor a checkpoint: ", result.Verification.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"scope\":\"db:read\"", "\"scope\":\"db:read\",\"note\":\"harmless\"")]
    [InlineData("\"scope\":\"db:read\"", "\"scope\":\"db:write\",\"scope\":\"db:read\"")]
    [InlineData("\"seq\":5", "\"seq\":\"5\"")]
    public async Task MemberTheHashDoesNotCover_IsRefusedAtThatLine(string member, string replacement)
    {
        var lines = _issuer.Export(_events, 8);
        lines[4] = lines[4].Replace(member, replacement, StringComparison.Ordinal);

        var result = await VerifyAsync(lines);

        AssertInvalid(result, 5, null);
        Assert.StartsWith("line 5 is neither an audit event nor a checkpoint: ", result.Verification.Reason, StringComparison.Ordinal);
    }

    public void Dispose() => _issuer.Dispose();

    private Task<ExportVerification> VerifyAsync(IEnumerable<string> lines, params string[] jwks)
    {
        var text = string.Join('\n', lines) + "\n";
        Assert.True(CheckpointKeys.TryLoad((jwks.Length == 0 ? [_issuer.Jwks] : jwks).Select((j, i) => ($"jwks{i}.json", j)), out var keys, out var problem), problem);
        return ExportVerifier.VerifyAsync(() => new StringReader(text), keys, TestContext.Current.CancellationToken);
    }

    private static void AssertInvalid(ExportVerification result, long firstBadSeq, string? reason)
    {
        Assert.False(result.Verification.Valid, result.Verification.ToString());
        Assert.Equal(firstBadSeq, result.Verification.FirstBadSeq);
        if (reason is not null)
        {
            Assert.Equal(reason, result.Verification.Reason);
        }

        Assert.Null(result.Verification.Head);
        Assert.Null(result.SignedThrough);
    }

    private static List<AuditEvent> Relink(List<AuditEvent> events)
    {
        var prev = AuditChain.Genesis;
        return [.. events.Select(e =>
        {
            var linked = AuditChain.Link(e, e.Seq, prev);
            prev = linked.Hash!;
            return linked;
        })];
    }
}
