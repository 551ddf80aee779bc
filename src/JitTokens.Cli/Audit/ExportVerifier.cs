using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Cli.Audit;

/// <summary>
/// Checks an export of the issuance log offline (DESIGN.md §3.6), the way the server's
/// <c>GET /v1/audit/verify</c> checks the log: the hash chain with <see cref="AuditChainVerifier"/>
/// from its anchor (<see cref="AuditChain.Genesis"/> when the file starts at seq 1, else a verified
/// checkpoint of the seq before), every checkpoint's signature against the JWKS, and that each
/// checkpoint names the hash the event at its seq has in the file. A verified checkpoint past the
/// file's last event means events were cut from the end. Reports the first problem by seq.
/// Two passes over the file (checkpoints come last, the anchor is needed first), holding only the
/// checkpoints in memory, so exports of any length can be checked.
/// </summary>
internal static class ExportVerifier
{
    public static async Task<ExportVerification> VerifyAsync(Func<TextReader> open, CheckpointKeys keys, CancellationToken cancellationToken)
    {
        var scan = await ScanAsync(open, keys, cancellationToken);

        // The seq the file should start with (1 when it holds no events), and the hash before it.
        var start = scan.FirstSeq ?? 1;
        var verified = scan.Checkpoints.Where(c => c.Signed is not null).Select(c => c.Signed!).ToList();
        var anchor = start == 1 ? AuditChain.Genesis : verified.FirstOrDefault(c => c.Seq == start - 1)?.Hash;
        var chain = new AuditChainVerifier(anchor);

        // Checkpoints before the first event: a bad one fails first; good ones of the seq before must agree with the anchor.
        if (scan.Checkpoints.FirstOrDefault(c => c.Problem is not null && c.Seq < start) is { } early)
        {
            return Invalid(chain.Fail(early.Seq, $"the checkpoint at seq {early.Seq} does not verify: {early.Problem}"));
        }

        var anchors = start == 1 ? [] : verified.Where(c => c.Seq == start - 1).ToList();
        if (start > 1 && anchors.Count == 0)
        {
            // Nothing vouches for where the file starts: what is missing is everything before it, from seq 1.
            return Invalid(chain.Fail(1, $"the file starts at seq {start}, not 1, and no signed checkpoint of seq {start - 1} anchors it"));
        }

        if (anchors.Any(c => c.Hash != anchor))
        {
            return Invalid(chain.Fail(start - 1, $"the signed checkpoints at seq {start - 1} name different hashes"));
        }

        var bySeq = scan.Checkpoints.Where(c => c.Seq >= start).ToLookup(c => c.Seq);
        var matched = anchors.Count;
        var signedThrough = matched > 0 ? start - 1 : (long?)null;
        long? lastSeq = null;
        using (var reader = open())
        {
            await foreach (var line in ExportReader.ReadAsync(reader, cancellationToken))
            {
                if (line.Problem is not null)
                {
                    return Invalid(chain.Fail((lastSeq ?? start - 1) + 1, line.Problem));
                }

                if (line.Event is not { } e)
                {
                    continue;
                }

                if (chain.Add(e) is { } bad)
                {
                    return Invalid(bad);
                }

                foreach (var checkpoint in bySeq[e.Seq])
                {
                    if (Mismatch(checkpoint, e) is { } problem)
                    {
                        return Invalid(chain.Fail(e.Seq, problem));
                    }

                    matched++;
                    signedThrough = e.Seq;
                }

                lastSeq = e.Seq;
            }
        }

        var end = lastSeq ?? start - 1;
        var beyond = scan.Checkpoints.Where(c => c.Seq > end).OrderBy(c => c.Signed is null ? c.Seq : end + 1).FirstOrDefault();
        if (beyond is not null)
        {
            return Invalid(beyond.Signed is null
                ? chain.Fail(beyond.Seq, $"the checkpoint at seq {beyond.Seq} does not verify: {beyond.Problem}")
                : chain.Fail(end + 1, $"a signed checkpoint covers seq {beyond.Seq} but the file ends at seq {end}: events were removed from the end"));
        }

        return new ExportVerification(chain.Outcome() with { Checkpoints = matched }, signedThrough);
    }

    private static ExportVerification Invalid(AuditVerification result) => new(result, null);

    private static string? Mismatch(Checkpoint checkpoint, AuditEvent e)
    {
        if (checkpoint.Problem is { } problem)
        {
            return $"the checkpoint at seq {checkpoint.Seq} does not verify: {problem}";
        }

        return checkpoint.Signed!.Hash == e.Hash
            ? null
            : $"the signed checkpoint at seq {e.Seq} names another hash: events up to it were rewritten";
    }

    /// <summary>The first pass: where the events start, every checkpoint with its signature checked, the first unreadable line.</summary>
    private static async Task<FirstPass> ScanAsync(Func<TextReader> open, CheckpointKeys keys, CancellationToken cancellationToken)
    {
        long? firstSeq = null;
        var checkpoints = new List<Checkpoint>();
        using var reader = open();
        await foreach (var line in ExportReader.ReadAsync(reader, cancellationToken))
        {
            if (line.Event is { } e)
            {
                firstSeq ??= e.Seq;
            }
            else if (line.Checkpoint is { } c)
            {
                checkpoints.Add(Check(c, keys));
            }
        }

        return new FirstPass(firstSeq, checkpoints);
    }

    private static Checkpoint Check(AuditCheckpoint line, CheckpointKeys keys)
    {
        if (!CheckpointJws.TryVerify(line.Jws, keys, out var signed, out var problem))
        {
            return new Checkpoint(line.Seq, null, problem);
        }

        // The line repeats seq and hash in clear for readers; only the signed payload counts, and they must agree.
        return signed.Seq != line.Seq ? new Checkpoint(line.Seq, null, $"the line says seq {line.Seq} but its jws signs seq {signed.Seq}")
            : signed.Hash != line.Hash ? new Checkpoint(line.Seq, null, "the line's hash is not the hash its jws signs")
            : new Checkpoint(line.Seq, signed, null);
    }

    private sealed record FirstPass(long? FirstSeq, IReadOnlyList<Checkpoint> Checkpoints);

    /// <summary>A checkpoint line: what its JWS verifiably states, or why it does not verify.</summary>
    private sealed record Checkpoint(long Seq, SignedCheckpoint? Signed, string? Problem);
}
