using JitTokens.Core.Errors;

namespace JitTokens.Core.Audit;

/// <summary>
/// The default mirror: every chained event appended to a separate NDJSON file before the caller is
/// answered. With a sync interval of zero each batch is also fsync'd before the
/// answer; otherwise the batch is handed to the operating system before the answer (it survives
/// the process being killed) and fsync'd within the interval (so a power loss can cost the mirror,
/// never the primary, that much). Put it on other storage than the primary: that is what makes it a
/// separate record.
/// </summary>
internal sealed class FileAuditMirror : IAuditMirror, IDisposable
{
    private readonly Lock _gate = new();
    private readonly FileStream _file;
    private readonly TimeSpan _syncInterval;
    private readonly Timer? _sync;
    private bool _dirty;

    public FileAuditMirror(string path, TimeSpan syncInterval = default)
    {
        _file = AuditFiles.OpenAppendOnly(path);
        AuditFiles.CutTornTail(_file);
        _file.Seek(0, SeekOrigin.End);
        _syncInterval = syncInterval;
        if (syncInterval > TimeSpan.Zero)
        {
            _sync = new Timer(_ => Sync(), null, syncInterval, syncInterval);
        }
    }

    public string FilePath => _file.Name;

    public Task WriteAsync(IReadOnlyList<AuditBatch> chained, CancellationToken cancellationToken)
    {
        var lines = AuditBatch.Lines(chained, out _);
        lock (_gate)
        {
            var start = _file.Position;
            try
            {
                _file.Write(lines);
                _file.Flush(flushToDisk: _syncInterval <= TimeSpan.Zero);
                _dirty = _syncInterval > TimeSpan.Zero;
            }
            catch (IOException e)
            {
                try
                {
                    _file.SetLength(start);
                    _file.Seek(start, SeekOrigin.Begin);
                }
                catch (IOException)
                {
                }

                throw new AuditUnavailableException("the audit mirror could not be written", e);
            }
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _sync?.Dispose();
        Sync();
        _file.Dispose();
    }

    private void Sync()
    {
        lock (_gate)
        {
            if (!_dirty)
            {
                return;
            }

            try
            {
                _file.Flush(flushToDisk: true);
                _dirty = false;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The next write reports a failing disk to its caller.
            }
        }
    }
}
