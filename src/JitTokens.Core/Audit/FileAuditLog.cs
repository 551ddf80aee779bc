using System.Text.Json;
using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Errors;

namespace JitTokens.Core.Audit;

/// <summary>
/// The log as an append-only NDJSON file (dev mode and single-instance servers), hash-chained, one
/// unbuffered write and one fsync per batch. The chain head and line offsets are recovered at start;
/// a torn last line (a crash mid-write, never acknowledged) is cut off. Checkpoints go to a sibling
/// file (<c>…checkpoints.ndjson</c>). One process writes the file: more would fork the chain.
/// </summary>
internal sealed class FileAuditLog : IAuditLog, IDisposable
{
    private readonly Lock _gate = new();
    private readonly string _path;
    private FileStream _file;
    private readonly List<long> _offsets = [];
    private readonly string _checkpointPath;
    private AuditHead _head;
    private long _firstSeq;

    public FileAuditLog(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        _path = path;
        _file = AuditFiles.OpenAppendOnly(path);
        AuditFiles.CutTornTail(_file);
        (_head, _firstSeq) = Index(_file, _offsets);
        _file.Seek(0, SeekOrigin.End);
        _checkpointPath = Path.ChangeExtension(path, null) + ".checkpoints.ndjson";
    }

    public string FilePath => _file.Name;

    public Task<AuditBatch> AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return Task.FromResult(AuditBatch.Empty);
        }

        lock (_gate)
        {
            var chained = AuditBatch.Link(events, _head);
            var start = _file.Position;
            var lines = AuditBatch.Lines([chained], out var lineStarts);
            try
            {
                _file.Write(lines);
                _file.Flush(flushToDisk: true);
            }
            catch (IOException e)
            {
                // Leave no half batch behind: nobody was told these events exist.
                try
                {
                    _file.SetLength(start);
                    _file.Seek(start, SeekOrigin.Begin);
                }
                catch (IOException)
                {
                }

                throw new AuditUnavailableException("the audit log could not be written", e);
            }

            if (_offsets.Count == 0 && chained.Count > 0)
            {
                _firstSeq = chained[0].Seq;
            }

            _offsets.AddRange(lineStarts.Select(o => start + o));
            _head = chained.Head;
            return Task.FromResult(chained);
        }
    }

    public Task<IReadOnlyList<AuditEvent>> ReadAsync(long afterSeq, int limit, CancellationToken cancellationToken)
    {
        long from, to;
        int first, count;
        lock (_gate)
        {
            // Lines are read by position from the first line's seq: a log someone edited is returned as it is, for verification to judge.
            first = (int)Math.Clamp(afterSeq + 1 - _firstSeq, 0, _offsets.Count);
            count = Math.Min(Math.Max(0, limit), _offsets.Count - first);
            if (count == 0)
            {
                return Task.FromResult<IReadOnlyList<AuditEvent>>([]);
            }

            from = _offsets[first];
            to = first + count < _offsets.Count ? _offsets[first + count] : _file.Length;
        }

        using var reader = new FileStream(_file.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        reader.Seek(from, SeekOrigin.Begin);
        var bytes = new byte[to - from];
        reader.ReadExactly(bytes);
        return Task.FromResult(AuditFiles.Parse(bytes));
    }

    public Task<AuditHead> GetHeadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_head);
        }
    }

    public async Task AddCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(checkpoint, JitJson.Context.AuditCheckpoint) + "\n";
        try
        {
            await File.AppendAllTextAsync(_checkpointPath, line, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new AuditUnavailableException("the audit checkpoint could not be written", e);
        }
    }

    public async Task<IReadOnlyList<AuditCheckpoint>> ReadCheckpointsAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_checkpointPath))
        {
            return [];
        }

        var lines = await File.ReadAllLinesAsync(_checkpointPath, cancellationToken).ConfigureAwait(false);
        return [.. lines.Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize(l, JitJson.Context.AuditCheckpoint)!)];
    }

    public Task<long> TrimThroughAsync(long seq, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var keepFrom = (int)Math.Clamp(seq + 1 - _firstSeq, 0, _offsets.Count);
            if (keepFrom == 0)
            {
                return Task.FromResult(0L);
            }

            // Copy what stays to a new file, fsync it, and move it over the log: a crash leaves either file whole.
            var temp = _path + ".trim";
            var from = keepFrom < _offsets.Count ? _offsets[keepFrom] : _file.Length;
            using (var target = AuditFiles.OpenAppendOnly(temp))
            {
                target.SetLength(0);
                _file.Seek(from, SeekOrigin.Begin);
                _file.CopyTo(target);
                target.Flush(flushToDisk: true);
            }

            _file.Dispose();
            File.Move(temp, _path, overwrite: true);
            _file = AuditFiles.OpenAppendOnly(_path);
            _offsets.Clear();
            var head = _head;
            (_, _firstSeq) = Index(_file, _offsets);
            _head = head;
            _file.Seek(0, SeekOrigin.End);
            return Task.FromResult((long)keepFrom);
        }
    }

    public void Dispose() => _file.Dispose();

    /// <summary>Reads every line's offset, the last event's seq and hash, and the first event's seq.</summary>
    private static (AuditHead Head, long FirstSeq) Index(FileStream file, List<long> offsets)
    {
        var head = new AuditHead(0, AuditChain.Genesis);
        if (file.Length == 0)
        {
            return (head, 0); // also what keeps character devices (a test's /dev/full) from being read forever
        }

        file.Seek(0, SeekOrigin.Begin);
        using var reader = new StreamReader(file, leaveOpen: true);
        long offset = 0;
        string? line;
        string? first = null, last = null;
        while ((line = reader.ReadLine()) is not null)
        {
            offsets.Add(offset);
            offset += System.Text.Encoding.UTF8.GetByteCount(line) + 1;
            first ??= line;
            last = line;
        }

        if (last is null)
        {
            return (head, 0);
        }

        try
        {
            var e = JsonSerializer.Deserialize(last, JitJson.Context.AuditEvent)!;
            // A log written before the chain existed has no hashes: it continues from its seq with the genesis hash.
            head = new AuditHead(e.Seq, e.Hash ?? AuditChain.Genesis);
            return (head, JsonSerializer.Deserialize(first!, JitJson.Context.AuditEvent)!.Seq);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"the audit log {file.Name} has a line that is not an event at its start or end; inspect the file before starting again", e);
        }
    }
}
