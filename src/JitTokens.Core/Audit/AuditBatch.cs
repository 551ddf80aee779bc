using System.Collections;
using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Core.Audit;

/// <summary>
/// A batch of events as a log chains and stores them: each linked after the one before it
/// (<see cref="AuditChain.Link(AuditEvent, long, string, out byte[])"/>), and each serialized once, as stored, for the primary and the
/// mirror alike. The issuance hot path pays for one canonical form and one stored form per event,
/// never more.
/// </summary>
internal sealed class AuditBatch : IReadOnlyList<AuditEvent>
{
    private readonly AuditEvent[] _events;
    private readonly byte[][] _json;

    private AuditBatch(AuditEvent[] events, byte[][] json)
    {
        _events = events;
        _json = json;
    }

    /// <summary>A batch of no events.</summary>
    public static AuditBatch Empty { get; } = new([], []);

    /// <summary>The head after the last event of the batch (which must not be empty).</summary>
    public AuditHead Head => new(_events[^1].Seq, _events[^1].Hash!);

    public int Count => _events.Length;

    public AuditEvent this[int index] => _events[index];

    /// <summary>Links <paramref name="events"/> after <paramref name="head"/>, whatever seq and hashes they carry, and serializes each.</summary>
    public static AuditBatch Link(IReadOnlyList<AuditEvent> events, AuditHead head)
    {
        ArgumentNullException.ThrowIfNull(events);
        var linked = new AuditEvent[events.Count];
        var json = new byte[events.Count][];
        var (seq, hash) = (head.Seq, head.Hash);
        for (var i = 0; i < linked.Length; i++)
        {
            linked[i] = AuditChain.Link(events[i], ++seq, hash, out json[i]);
            hash = linked[i].Hash!;
        }

        return new AuditBatch(linked, json);
    }

    /// <summary>The <paramref name="index"/>-th event as stored: compact JSON, no line feed.</summary>
    public byte[] Json(int index) => _json[index];

    /// <summary>The NDJSON of every batch in order (one line per event), and where each line starts in it.</summary>
    public static byte[] Lines(IReadOnlyList<AuditBatch> batches, out List<long> lineStarts)
    {
        var length = 0;
        var count = 0;
        foreach (var batch in batches)
        {
            count += batch.Count;
            foreach (var line in batch._json)
            {
                length += line.Length + 1;
            }
        }

        lineStarts = new List<long>(count);
        var lines = new byte[length];
        var at = 0;
        foreach (var batch in batches)
        {
            foreach (var line in batch._json)
            {
                lineStarts.Add(at);
                line.CopyTo(lines, at);
                at += line.Length;
                lines[at++] = (byte)'\n';
            }
        }

        return lines;
    }

    public IEnumerator<AuditEvent> GetEnumerator() => ((IEnumerable<AuditEvent>)_events).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
