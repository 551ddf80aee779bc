using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Cli.Tests.Support;

/// <summary>
/// An issuer's audit log made in the test: events chained with <see cref="AuditChain.Link(AuditEvent, long, string)"/>, and
/// checkpoints signed as the server signs them, with a fresh P-256 key published in <see cref="Jwks"/>.
/// </summary>
public sealed class TestIssuer : IDisposable
{
    public const string Issuer = "http://issuer.test";
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Types = [AuditEventTypes.SessionStarted, AuditEventTypes.TokenIssued, AuditEventTypes.TokenDenied, AuditEventTypes.EscalationRequested];

    public TestIssuer(string kid = "key-1")
    {
        Kid = kid;
    }

    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string Kid { get; }

    /// <summary>The JWKS the issuer would publish: its key and an RSA key a verifier must skip.</summary>
    public string Jwks => $$"""{"keys":[{"kty":"RSA","kid":"rsa-1","n":"AQAB","e":"AQAB"},{{Jwk(Key, Kid)}}]}""";

    public static string Jwk(ECDsa key, string kid)
    {
        var p = key.ExportParameters(false);
        return $$"""{"kty":"EC","crv":"P-256","x":"{{Base64Url.EncodeToString(p.Q.X)}}","y":"{{Base64Url.EncodeToString(p.Q.Y)}}","kid":"{{kid}}","use":"sig","alg":"ES256"}""";
    }

    /// <summary>Events seq <paramref name="from"/>…, chained after <paramref name="prevHash"/> (genesis by default).</summary>
    public static List<AuditEvent> Events(int count, long from = 1, string? prevHash = null)
    {
        var events = new List<AuditEvent>(count);
        var prev = prevHash ?? AuditChain.Genesis;
        for (var seq = from; seq < from + count; seq++)
        {
            var e = AuditChain.Link(Event(seq), seq, prev);
            prev = e.Hash!;
            events.Add(e);
        }

        return events;
    }

    public static AuditEvent Event(long seq) => new()
    {
        Seq = seq,
        Id = $"evt_{seq:D4}",
        Time = Start.AddSeconds(seq),
        Type = Types[seq % Types.Length],
        Actor = seq % 4 == 0 ? "alice" : "agent:demo",
        SessionId = "ses_1",
        Owner = "alice",
        Agent = "demo",
        Scope = "db:read",
        Environment = "staging",
        Purpose = "read orders for OPS-17",
        TokenId = seq % 4 == 1 ? $"tok_{seq}" : null,
        Decision = seq % 4 == 2 ? "deny" : "issue",
        Error = seq % 4 == 2 ? ErrorCodes.ScopeNotAllowed : null,
    };

    public static string Line(AuditEvent e) => JsonSerializer.Serialize(e, JitJson.Context.AuditEvent);

    /// <summary>A checkpoint line for the event, signed by this issuer.</summary>
    public string Checkpoint(AuditEvent e) => Checkpoint(e.Seq, e.Hash!);

    public string Checkpoint(long seq, string hash, string? jws = null)
        => JsonSerializer.Serialize(new AuditCheckpoint { Seq = seq, Hash = hash, Time = Start.AddHours(1), Jws = jws ?? Sign(seq, hash) }, JitJson.Context.AuditCheckpoint);

    /// <summary>A compact JWS as the server makes it; the header can be replaced to test refusals.</summary>
    public string Sign(long seq, string hash, string? header = null, ECDsa? key = null)
    {
        header ??= $$"""{"alg":"ES256","typ":"jittokens-checkpoint+jwt","kid":"{{Kid}}"}""";
        var h = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header));
        var p = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"iss":"{{Issuer}}","seq":{{seq}},"hash":"{{hash}}","iat":{{Start.AddHours(1).ToUnixTimeSeconds()}}}"""));
        return SignParts(h, p, key ?? Key);
    }

    public static string SignParts(string header, string payload, ECDsa key)
    {
        var signature = key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{header}.{payload}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>An export: the events, then a checkpoint for each seq in <paramref name="checkpointSeqs"/>.</summary>
    public List<string> Export(IReadOnlyList<AuditEvent> events, params long[] checkpointSeqs)
        => [.. events.Select(Line), .. checkpointSeqs.Select(s => Checkpoint(events.Single(e => e.Seq == s)))];

    public void Dispose() => Key.Dispose();
}
