using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Audit;
using JitTokens.Core.Errors;

namespace JitTokens.Core.Tests.Audit;

public sealed class FileAuditSinkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("jit-audit-").FullName;

    private string LogPath => Path.Combine(_dir, "nested", "audit.ndjson");

    [Fact]
    public async Task Append_Concurrently_WritesEveryEventOnceWithDenseSequence()
    {
        await using (var sink = Create())
        {
            await Task.WhenAll(Enumerable.Range(0, 500).Select(i => sink.AppendAsync(Event("e" + i), CancellationToken.None)));
        }

        var events = Read();
        Assert.Equal(500, events.Count);
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.Equal(500, events.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task Reopen_ContinuesTheSequence()
    {
        await using (var sink = Create())
        {
            await sink.AppendAsync(Event("a"), CancellationToken.None);
            await sink.AppendAsync(Event("b"), CancellationToken.None);
        }

        await using (var sink = Create())
        {
            await sink.AppendAsync(Event("c"), CancellationToken.None);
        }

        Assert.Equal([1L, 2L, 3L], Read().Select(e => e.Seq));
    }

    [Fact]
    public async Task Reopen_AfterTornLastLine_CutsItAndContinues()
    {
        await using (var sink = Create())
        {
            await sink.AppendAsync(Event("a"), CancellationToken.None);
        }

        await File.AppendAllTextAsync(LogPath, "{\"seq\":2,\"id\":\"torn");
        await using (var sink = Create())
        {
            await sink.AppendAsync(Event("b"), CancellationToken.None);
        }

        Assert.Equal([("a", 1L), ("b", 2L)], Read().Select(e => (e.Id, e.Seq)));
    }

    [Fact]
    public async Task Reopen_AfterTornTailLongerThanOneReadWindow_KeepsEveryAcknowledgedEvent()
    {
        await using (var sink = Create())
        {
            await sink.AppendAsync(Event("a"), CancellationToken.None);
            await sink.AppendAsync(Event("b"), CancellationToken.None);
        }

        await using (var stream = new FileStream(LogPath, FileMode.Append))
        {
            stream.Write(new byte[600 * 1024]); // a zero-filled tail, as delayed allocation can leave after a crash
        }

        await using (var sink = Create())
        {
            await sink.AppendAsync(Event("c"), CancellationToken.None);
        }

        Assert.Equal([("a", 1L), ("b", 2L), ("c", 3L)], Read().Select(e => (e.Id, e.Seq)));
    }

    [Fact]
    public async Task Append_DiskFull_ThrowsAuditUnavailable()
    {
        await using var sink = new FileAuditSink("/dev/full", TimeProvider.System, TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<AuditUnavailableException>(() => sink.AppendAsync(Event("a"), CancellationToken.None));
        await Assert.ThrowsAsync<AuditUnavailableException>(() => sink.CheckWritableAsync(CancellationToken.None));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task NewFile_IsReadableOnlyByItsOwner()
    {
        await using (var sink = Create())
        {
            await sink.AppendAsync(Event("a"), CancellationToken.None);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LogPath));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private FileAuditSink Create() => new(LogPath, TimeProvider.System, TimeSpan.FromSeconds(5));

    private static AuditEvent Event(string id) => new()
    {
        Id = id,
        Time = DateTimeOffset.UnixEpoch,
        Type = AuditEventTypes.TokenIssued,
        Actor = "agent:test",
    };

    private List<AuditEvent> Read()
        => [.. File.ReadAllLines(LogPath).Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditEvent)!)];
}
