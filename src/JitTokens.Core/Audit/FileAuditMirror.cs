using JitTokens.Abstractions.Wire;
using JitTokens.Core.Errors;

namespace JitTokens.Core.Audit;

/// <summary>
/// The default mirror: every chained event appended to a separate NDJSON file (one write and one
/// fsync per batch). Put it on other storage than the primary (another disk, a mounted volume
/// shipped elsewhere, a write-once bucket mount): that is what makes it a separate record.
/// </summary>
internal sealed class FileAuditMirror(string path) : IAuditMirror, IDisposable
{
    private readonly Lock _gate = new();
    private readonly FileStream _file = OpenCut(path);

    public string FilePath => _file.Name;

    public Task WriteAsync(IReadOnlyList<AuditEvent> chained, CancellationToken cancellationToken)
    {
        var lines = AuditFiles.Lines(chained, out _);
        lock (_gate)
        {
            var start = _file.Position;
            try
            {
                _file.Write(lines);
                _file.Flush(flushToDisk: true);
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

    public void Dispose() => _file.Dispose();

    private static FileStream OpenCut(string path)
    {
        var file = AuditFiles.OpenAppendOnly(path);
        AuditFiles.CutTornTail(file);
        file.Seek(0, SeekOrigin.End);
        return file;
    }
}
