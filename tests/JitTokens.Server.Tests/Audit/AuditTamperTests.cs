using System.Net;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Json;
using JitTokens.Server.Audit;
using JitTokens.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JitTokens.Server.Tests.Audit;

/// <summary>
/// DESIGN.md §3.6 tamper evidence on the file log: someone edits the stored log between two runs of
/// the server; <c>GET /v1/audit/verify</c> names the first bad seq.
/// </summary>
public sealed class AuditTamperTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("jit-tamper-").FullName;

    private string LogPath => Path.Combine(_dir, "audit.ndjson");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, long> Tamperings => new()
    {
        { "modify", 4 },
        { "delete", 4 },
        { "insert", 5 },
        { "swap", 4 },
        { "rewrite the tail with fresh hashes", -1 }, // the signed checkpoint (at the last seq) is what catches it
        { "truncate behind the checkpoint", 0 },
    };

    [Fact]
    public async Task Untouched_IsValid()
    {
        await WriteActivityAsync(checkpoint: true);

        var result = await VerifyAsync();

        Assert.True(result.Valid, result.Reason);
        Assert.Equal(1, result.Checkpoints);
    }

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task Tampered_IsDetectedAtTheFirstBadSeq(string tampering, long firstBad)
    {
        await WriteActivityAsync(checkpoint: true);
        var lines = File.ReadAllLines(LogPath).ToList();
        var events = lines.Select(l => JsonSerializer.Deserialize(l, JitJsonContext.Default.AuditEvent)!).ToList();
        switch (tampering)
        {
            case "modify":
                lines[3] = lines[3].Replace("\"actor\":\"agent:cursor-42\"", "\"actor\":\"agent:cursor-43\"", StringComparison.Ordinal);
                Assert.NotEqual(File.ReadAllLines(LogPath)[3], lines[3]);
                break;
            case "delete":
                lines.RemoveAt(3);
                break;
            case "insert":
                lines.Insert(4, lines[2]);
                break;
            case "swap":
                (lines[3], lines[4]) = (lines[4], lines[3]);
                break;
            case "rewrite the tail with fresh hashes":
                // A careful attacker changes seq 4 and recomputes every hash after it: only the signed checkpoint knows.
                var rewritten = events.Take(3).ToList();
                foreach (var e in events.Skip(3))
                {
                    var changed = e.Seq == 4 ? e with { Actor = "agent:someone-else" } : e;
                    rewritten.Add(AuditChain.Link(changed, e.Seq, rewritten[^1].Hash!));
                }

                lines = [.. rewritten.Select(e => JsonSerializer.Serialize(e, JitJsonContext.Default.AuditEvent))];
                firstBad = events[^1].Seq;
                break;
            default:
                lines.RemoveRange(lines.Count - 2, 2);
                firstBad = events[^2].Seq;
                break;
        }

        await File.WriteAllLinesAsync(LogPath, lines, TestContext.Current.CancellationToken);

        var result = await VerifyAsync();

        Assert.False(result.Valid);
        Assert.True(firstBad == result.FirstBadSeq, result.Reason);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    /// <summary>Runs a server on the log, makes some decisions, optionally signs a checkpoint, and stops it.</summary>
    private async Task WriteActivityAsync(bool checkpoint)
    {
        using var factory = Server(out var api);
        var (_, session) = await api.StartAsync();
        for (var i = 0; i < 4; i++)
        {
            await api.IssueAsync(session.SessionToken);
        }

        if (checkpoint)
        {
            var checkpointer = factory.Services.GetServices<IHostedService>().OfType<AuditCheckpointer>().Single();
            Assert.True(await checkpointer.CheckpointAsync(TestContext.Current.CancellationToken));
        }

        api.Http.Dispose();
    }

    private async Task<AuditVerification> VerifyAsync()
    {
        using var factory = Server(out var api);
        var auditor = await api.LoginAsync("audrey", JitRoles.Auditor);
        using var response = await api.SendAsync(HttpMethod.Get, "/v1/audit/verify", auditor);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await Api.ReadAsync(response, JitJsonContext.Default.AuditVerification);
        api.Http.Dispose();
        return result;
    }

    private JitServerFactory Server(out Api api)
    {
        // Both runs share the log and its signing key folder, as one deployment restarted would.
        var keys = Path.Combine(_dir, "keys");
        if (!Directory.Exists(keys))
        {
            Directory.CreateDirectory(keys);
            using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            File.WriteAllText(Path.Combine(keys, "20260101T000000Z.pem"), key.ExportPkcs8PrivateKeyPem());
        }

        var factory = new JitServerFactory(new Dictionary<string, string?>
        {
            ["JitTokens:Audit:FilePath"] = LogPath,
            ["JitTokens:SigningKeys:Path"] = keys,
        });
        api = new Api(factory.CreateClient());
        return factory;
    }
}
