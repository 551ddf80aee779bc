using JitTokens.Abstractions.Wire;

namespace JitTokens.Core.Audit;

/// <summary>The NDJSON file log behind a group-committing sink, with an optional mirror file: the dev-mode and single-instance sink.</summary>
internal sealed class FileAuditSink : IAuditSink, IAsyncDisposable
{
    private readonly FileAuditLog _log;
    private readonly GroupCommitAuditSink _sink;

    public FileAuditSink(string path, TimeProvider time, TimeSpan timeout, string? mirrorPath = null)
    {
        _log = new FileAuditLog(path);
        _sink = new GroupCommitAuditSink(_log, mirrorPath is null ? null : new FileAuditMirror(mirrorPath), time, timeout);
    }

    public string FilePath => _log.FilePath;

    public IAuditLog Log => _log;

    public Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken) => _sink.AppendAsync(auditEvent, cancellationToken);

    public Task CheckWritableAsync(CancellationToken cancellationToken) => _sink.CheckWritableAsync(cancellationToken);

    public ValueTask DisposeAsync() => _sink.DisposeAsync();
}
