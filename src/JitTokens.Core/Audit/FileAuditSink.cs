using System.Text.Json;
using System.Threading.Channels;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Errors;

namespace JitTokens.Core.Audit;

/// <summary>
/// An append-only NDJSON file, group-committed: one writer drains whatever events are waiting,
/// appends them, flushes them to disk, and only then completes their callers. Sequence numbers
/// continue from the file's last event; a torn last line (a crash mid-write, never acknowledged)
/// is cut off at start.
/// </summary>
internal sealed class FileAuditSink : IAuditSink, IAsyncDisposable
{
    private const int MaxBatch = 1024;
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(16_384) { SingleReader = true });
    private readonly FileStream _file;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly Task _writer;
    private long _seq;
    private volatile string? _lastFailure;

    public FileAuditSink(string path, TimeProvider time, TimeSpan timeout)
    {
        _time = time;
        _timeout = timeout;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        // Unbuffered: each batch is one write; a failed write must leave nothing in a buffer to be flushed later.
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.Read, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // the log is for auditors, not everyone
        }

        _file = new FileStream(path, options);
        _seq = RecoverTail(_file);
        _file.Seek(0, SeekOrigin.End);
        _writer = Task.Run(WriteLoopAsync);
    }

    public string FilePath => _file.Name;

    public async Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var pending = new Pending(auditEvent);
        try
        {
            if (!_queue.Writer.TryWrite(pending))
            {
                await _queue.Writer.WriteAsync(pending, cancellationToken).AsTask().WaitAsync(_timeout, _time, cancellationToken).ConfigureAwait(false);
            }

            await pending.Done.Task.WaitAsync(_timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new AuditUnavailableException($"the audit log did not confirm the event within {_timeout.TotalSeconds:0.#}s", e);
        }
        catch (ChannelClosedException e)
        {
            throw new AuditUnavailableException("the audit log is shutting down", e);
        }
    }

    public Task CheckWritableAsync(CancellationToken cancellationToken)
    {
        if (_writer.IsCompleted)
        {
            throw new AuditUnavailableException("the audit writer has stopped");
        }

        return _lastFailure is { } failure ? throw new AuditUnavailableException(failure) : Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        var buffer = new MemoryStream();
        var json = new Utf8JsonWriter(buffer);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            buffer.SetLength(0);
            var seq = _seq;
            foreach (var pending in batch)
            {
                json.Reset(buffer);
                JsonSerializer.Serialize(json, pending.Event with { Seq = ++seq }, JitJson.Context.AuditEvent);
                json.Flush();
                buffer.WriteByte((byte)'\n');
            }

            try
            {
                var start = _file.Position;
                try
                {
                    _file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
                    _file.Flush(flushToDisk: true);
                }
                catch
                {
                    // Leave no half batch behind: nobody was told these events exist.
                    _file.SetLength(start);
                    _file.Seek(start, SeekOrigin.Begin);
                    throw;
                }

                _seq = seq;
                _lastFailure = null;
                batch.ForEach(p => p.Done.TrySetResult());
            }
            catch (IOException e)
            {
                _lastFailure = "the last audit write failed: " + e.Message;
                var failure = new AuditUnavailableException("the audit log could not be written", e);
                batch.ForEach(p => p.Done.TrySetException(failure));
            }
        }
    }

    /// <summary>
    /// Cuts a torn last line (bytes after the last newline: a write that was never acknowledged)
    /// and returns the last sequence number in the file (0 when empty). Scans backwards as far as
    /// it takes, so a long torn tail never costs an acknowledged event.
    /// </summary>
    private static long RecoverTail(FileStream file)
    {
        var length = file.Length;
        if (length == 0)
        {
            return 0;
        }

        var lastNewline = FindLastNewline(file, length);
        if (lastNewline < 0)
        {
            file.SetLength(0);
            return 0;
        }

        if (lastNewline != length - 1)
        {
            file.SetLength(lastNewline + 1);
        }

        var lineStart = FindLastNewline(file, lastNewline) + 1;
        var line = new byte[lastNewline - lineStart];
        file.Seek(lineStart, SeekOrigin.Begin);
        file.ReadExactly(line);
        try
        {
            using var last = JsonDocument.Parse(line);
            return last.RootElement.TryGetProperty("seq", out var seq) && seq.TryGetInt64(out var value) ? value : 0;
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"the last line of the audit log {file.Name} is not an event; inspect the file before starting again", e);
        }
    }

    /// <summary>The offset of the last <c>\n</c> before <paramref name="end"/>, or -1.</summary>
    private static long FindLastNewline(FileStream file, long end)
    {
        var chunk = new byte[64 * 1024];
        while (end > 0)
        {
            var size = (int)Math.Min(chunk.Length, end);
            file.Seek(end - size, SeekOrigin.Begin);
            file.ReadExactly(chunk, 0, size);
            var at = Array.LastIndexOf(chunk, (byte)'\n', size - 1, size);
            if (at >= 0)
            {
                return end - size + at;
            }

            end -= size;
        }

        return -1;
    }

    private sealed class Pending(AuditEvent auditEvent)
    {
        public AuditEvent Event { get; } = auditEvent;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
