using System.Text.Json;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Core.Audit;

/// <summary>File mechanics shared by the NDJSON log and its mirror.</summary>
internal static class AuditFiles
{
    /// <summary>Opens (or creates, owner-only) for appending with no buffer: each batch is one write, and a failed write leaves nothing to be flushed later.</summary>
    public static FileStream OpenAppendOnly(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.Read, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // the log is for auditors, not everyone
        }

        var file = new FileStream(path, options);
        file.Seek(0, SeekOrigin.End);
        return file;
    }

    /// <summary>The events as NDJSON, and where each line starts in it.</summary>
    public static byte[] Lines(IReadOnlyList<AuditEvent> events, out List<long> lineStarts)
    {
        lineStarts = new List<long>(events.Count);
        using var buffer = new MemoryStream();
        using var json = new Utf8JsonWriter(buffer);
        foreach (var e in events)
        {
            lineStarts.Add(buffer.Length);
            json.Reset(buffer);
            JsonSerializer.Serialize(json, e, JitJson.Context.AuditEvent);
            json.Flush();
            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }

    public static IReadOnlyList<AuditEvent> Parse(byte[] ndjson)
    {
        var events = new List<AuditEvent>();
        var start = 0;
        for (var i = 0; i < ndjson.Length; i++)
        {
            if (ndjson[i] == (byte)'\n')
            {
                if (i > start)
                {
                    events.Add(JsonSerializer.Deserialize(ndjson.AsSpan(start, i - start), JitJson.Context.AuditEvent)!);
                }

                start = i + 1;
            }
        }

        return events;
    }

    /// <summary>
    /// Cuts a torn last line (bytes after the last newline: a write that was never acknowledged).
    /// Scans backwards as far as it takes, so a long torn tail never costs an acknowledged event.
    /// </summary>
    public static void CutTornTail(FileStream file)
    {
        var length = file.Length;
        if (length == 0)
        {
            return;
        }

        var lastNewline = FindLastNewline(file, length);
        if (lastNewline != length - 1)
        {
            file.SetLength(lastNewline + 1);
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
}
