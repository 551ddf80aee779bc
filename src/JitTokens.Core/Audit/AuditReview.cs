using System.Runtime.CompilerServices;
using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Wire;
using Microsoft.Extensions.Options;

namespace JitTokens.Core.Audit;

/// <summary>Reading the issuance log (DESIGN.md §3.6): filtered pages, the whole log for export, and verification.</summary>
internal sealed class AuditReview(IAuditLog log, AuditCheckpointSigner checkpoints, IOptions<AuditOptions> options, TimeProvider time)
{
    public const int MaxLimit = 1000;

    /// <summary>How many events one page may examine: a filter that rarely matches returns fewer events and a cursor to go on from.</summary>
    public const int ScanBudget = 20_000;

    private const int ReadBatch = 1000;

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var found = new List<AuditEvent>(Math.Min(query.Limit, 256));
        var after = query.After;
        var scanned = 0;
        while (found.Count < query.Limit && scanned < ScanBudget)
        {
            var batch = await log.ReadAsync(after, ReadBatch, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var e in batch)
            {
                after = e.Seq;
                scanned++;
                if (query.Matches(e))
                {
                    found.Add(e);
                    if (found.Count == query.Limit)
                    {
                        break;
                    }
                }
            }
        }

        return new AuditPage(found, after);
    }

    /// <summary>Every event matching <paramref name="query"/> (its limit ignored), in log order, read in batches.</summary>
    public async IAsyncEnumerable<AuditEvent> ExportAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = query.After;
        while (true)
        {
            var batch = await log.ReadAsync(after, ReadBatch, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                yield break;
            }

            foreach (var e in batch)
            {
                after = e.Seq;
                if (query.Matches(e))
                {
                    yield return e;
                }
            }
        }
    }

    public Task<IReadOnlyList<AuditCheckpoint>> CheckpointsAsync(CancellationToken cancellationToken) => log.ReadCheckpointsAsync(cancellationToken);

    /// <summary>
    /// Checks the whole chain from the first stored event, then every checkpoint: its signature,
    /// and that the event at its seq has its hash. Names the first bad seq.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var stored = await log.ReadCheckpointsAsync(cancellationToken).ConfigureAwait(false);
        var bySeq = stored.GroupBy(c => c.Seq).ToDictionary(g => g.Key, g => g.ToList());
        var checkedCheckpoints = 0;

        // A log trimmed for retention starts after a signed checkpoint, whose hash anchors what remains.
        var anchor = AuditChain.Genesis;
        var first = await log.ReadAsync(0, 1, cancellationToken).ConfigureAwait(false);
        if (first is [{ Seq: > 1 } start] && bySeq.GetValueOrDefault(start.Seq - 1) is [var anchoring, ..])
        {
            if (checkpoints.Check(anchoring, out var signedAt) is { } problem)
            {
                return AuditVerification.Invalid(0, start.Seq, $"the checkpoint at seq {anchoring.Seq} that anchors the trimmed log does not verify: {problem}");
            }

            // Retention trims only up to a checkpoint older than Audit:Retention: a younger one, or none, means the oldest events were deleted.
            if (TrimProblem(anchoring.Seq, signedAt) is { } deleted)
            {
                return AuditVerification.Invalid(0, 1, deleted);
            }

            anchor = anchoring.Hash;
            checkedCheckpoints++;
        }

        var verifier = new AuditChainVerifier(anchor);
        var after = 0L;
        while (true)
        {
            var batch = await log.ReadAsync(after, ReadBatch, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var e in batch)
            {
                if (verifier.Add(e) is { } bad)
                {
                    return bad;
                }

                foreach (var checkpoint in bySeq.GetValueOrDefault(e.Seq) ?? [])
                {
                    if (checkpoint.Hash != e.Hash)
                    {
                        return verifier.Fail(e.Seq, $"the signed checkpoint at seq {e.Seq} names another hash: events up to it were rewritten");
                    }

                    if (checkpoints.Check(checkpoint) is { } problem)
                    {
                        return verifier.Fail(e.Seq, $"the checkpoint at seq {e.Seq} does not verify: {problem}");
                    }

                    checkedCheckpoints++;
                }

                after = e.Seq;
            }
        }

        if (stored.Count > 0 && stored.Max(c => c.Seq) > after)
        {
            return verifier.Fail(after + 1, $"a signed checkpoint covers seq {stored.Max(c => c.Seq)} but the log ends at seq {after}: events were removed");
        }

        return verifier.Outcome() with { Checkpoints = checkedCheckpoints };
    }

    /// <summary>Why the events up to <paramref name="seq"/> cannot have been trimmed by retention, given when the checkpoint there was signed; null when they can.</summary>
    private string? TrimProblem(long seq, DateTimeOffset signedAt)
    {
        if (options.Value.Retention is not { } retention)
        {
            return $"events 1 to {seq} are gone, but retention is off (Audit:Retention): they were deleted, not trimmed";
        }

        var age = time.GetUtcNow() - signedAt;
        return age >= retention
            ? null
            : $"events 1 to {seq} are gone, but the checkpoint there was signed {Describe(age)} ago and retention keeps {Describe(retention)}: they were deleted before their time";
    }

    private static string Describe(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => $"{span.TotalDays:0.#}d",
        { TotalHours: >= 1 } => $"{span.TotalHours:0.#}h",
        { TotalMinutes: >= 1 } => $"{span.TotalMinutes:0.#}m",
        _ => $"{Math.Max(0, span.TotalSeconds):0}s",
    };
}
