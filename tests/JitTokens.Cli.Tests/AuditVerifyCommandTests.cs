using System.Text.Json;
using JitTokens.Abstractions.Json;
using JitTokens.Cli.Tests.Support;

namespace JitTokens.Cli.Tests;

/// <summary><c>jit audit verify --file … --jwks …</c>: offline, no server, no credential; what it prints and how it exits.</summary>
public sealed class AuditVerifyCommandTests : IDisposable
{
    private static readonly Uri Nowhere = new($"http://127.0.0.1:{FreePort.Next()}");
    private readonly TestIssuer _issuer = new();
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("jit-audit-verify-");
    private readonly List<Abstractions.Wire.AuditEvent> _events = TestIssuer.Events(6);

    [Fact]
    public async Task Verify_IntactAndSigned_PrintsTheResultAndExitsZero()
    {
        var result = await VerifyAsync(_issuer.Export(_events, 3, 6));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["valid: true", "events: 6", $"head: {_events[^1].Hash}", "head_seq: 6", "checkpoints: 2", "signed_through: 6"], result.StdoutLines);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task Verify_Json_PrintsTheResultLikeTheServer()
    {
        var result = await VerifyAsync(_issuer.Export(_events, 6), "--json");

        var verification = JsonSerializer.Deserialize(Assert.Single(result.StdoutLines), JitJsonContext.Default.AuditVerification)!;
        Assert.Equal((true, 6L, 6L, 1), (verification.Valid, verification.Events, verification.HeadSeq!.Value, verification.Checkpoints!.Value));
    }

    [Fact]
    public async Task Verify_Tampered_PrintsTheFirstBadSeqAndExitsThree()
    {
        var lines = _issuer.Export(_events, 6);
        lines[3] = lines[3].Replace("\"actor\":\"alice\"", "\"actor\":\"mallory\"", StringComparison.Ordinal);

        var result = await VerifyAsync(lines);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(["valid: false", "events: 3", "first_bad_seq: 4", "reason: seq 4 does not match its hash: the event was changed"], result.StdoutLines);
        Assert.Equal(["jit: invalid: the issuance log is not intact at seq 4: seq 4 does not match its hash: the event was changed"], result.StderrLines);
    }

    [Fact]
    public async Task Verify_TailNotSignedYet_WarnsHowFarTheSignaturesReach()
    {
        var result = await VerifyAsync(_issuer.Export(_events, 4));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("signed_through: 4", result.StdoutLines);
        Assert.Equal(["jit: warning: events after seq 4 are not covered by a signed checkpoint yet (the issuer signs its head periodically); they could have been changed or cut off unseen"], result.StderrLines);
    }

    [Fact]
    public async Task Verify_NoCheckpointAtAll_WarnsThatNothingIsSigned()
    {
        var result = await VerifyAsync(_issuer.Export(_events));

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain(result.StdoutLines, l => l.StartsWith("signed_through", StringComparison.Ordinal));
        Assert.StartsWith("jit: warning: no signed checkpoint covers these events", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SeveralJwksFiles_KeysOfEachCount()
    {
        using var before = new TestIssuer("key-0");
        var lines = _issuer.Export(_events, 6);
        lines.Add(before.Checkpoint(_events[2]));
        var older = Write("older-jwks.json", before.Jwks);

        var result = await VerifyAsync(lines, "--jwks", older);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("checkpoints: 2", result.StdoutLines);
    }

    [Fact]
    public async Task Verify_MissingFile_ExitsTwo()
    {
        var shell = new JitShell(Nowhere);

        var result = await shell.RunAsync("audit", "verify", "--file", Path.Combine(_folder.FullName, "nope.ndjson"), "--jwks", Write("jwks.json", _issuer.Jwks));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("jit: usage: cannot read --file ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"keys\":[]}", "jit: usage: --jwks ")]
    [InlineData("<html>", "jit: usage: --jwks ")]
    [InlineData(null, "jit: usage: cannot read --jwks ")]
    public async Task Verify_UnusableJwks_ExitsTwoBeforeReadingTheLog(string? jwks, string expected)
    {
        var shell = new JitShell(Nowhere);
        var path = jwks is null ? Path.Combine(_folder.FullName, "missing.json") : Write("jwks.json", jwks);

        var result = await shell.RunAsync("audit", "verify", "--file", Write("audit.ndjson", ""), "--jwks", path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NeedsNoServerAndNoCredential()
    {
        // Nowhere listens at the URL, and the shell has no token: the check is entirely offline.
        var result = await VerifyAsync(_issuer.Export(_events, 6));

        Assert.Equal(0, result.ExitCode);
    }

    public void Dispose()
    {
        _issuer.Dispose();
        _folder.Delete(recursive: true);
    }

    private async Task<CliResult> VerifyAsync(IEnumerable<string> lines, params string[] more)
    {
        var shell = new JitShell(Nowhere);
        return await shell.RunAsync(["audit", "verify", "--file", Write("audit.ndjson", string.Join('\n', lines) + "\n"), "--jwks", Write("jwks.json", _issuer.Jwks), .. more]);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
