using JitTokens.Core.Audit;
using JitTokens.TestSupport.Audit;

namespace JitTokens.Core.Tests.Audit;

/// <summary>The NDJSON file log against the shared log contract, one temporary file per test; a new instance reopens the file.</summary>
public sealed class FileAuditLogContractTests : AuditLogContractTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jit-audit-log-").FullName;
    private FileAuditLog? _current;

    private string LogPath => Path.Combine(_directory, "audit.ndjson");

    internal override IAuditLog OpenLog()
    {
        _current?.Dispose(); // one process writes the file: the old instance closes before the new one opens
        _current = new FileAuditLog(LogPath);
        return _current;
    }

    protected override async Task<IReadOnlyList<string>> ReadStoredAsync()
    {
        using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var text = await reader.ReadToEndAsync(Ct);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    protected override async Task RewriteStoredAsync(IReadOnlyList<string> events)
    {
        _current?.Dispose();
        _current = null;
        await File.WriteAllTextAsync(LogPath, string.Concat(events.Select(e => e + "\n")), Ct);
    }

    public void Dispose()
    {
        _current?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
