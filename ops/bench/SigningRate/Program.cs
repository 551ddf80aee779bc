using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using JitTokens.Core.Keys;
using JitTokens.Core.Tokens;

// Usage: SigningRate [seconds per measurement, default 3]
// Prints rates per second for raw ES256 signatures (ECDsa P-256 over a token-sized input) and for
// full access-token minting (claims JSON, base64url, signature), on 1 thread and on every core.
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var cores = Environment.ProcessorCount;
var now = TimeProvider.System.GetUtcNow();
var ring = new SigningKeyRing(TimeProvider.System, TimeSpan.FromHours(1));
ring.Load([SigningKey.Generate(now)]);
var minter = new AccessTokenMinter(ring, "http://127.0.0.1:5080");
var claims = new AccessTokenClaims("alice", "cursor-42", "https://staging.api.example.com", "staging", "db:read", "tok_AAAAAAAAAAAAAAAAAAAAAA",
    now, now.AddMinutes(5), "ses_AAAAAAAAAAAAAAAAAAAAAA", "read orders for ticket OPS-17", null, false, null);
var input = System.Text.Encoding.ASCII.GetBytes(minter.Mint(claims).Split('.')[0] + "." + minter.Mint(claims).Split('.')[1]);

foreach (var threads in cores > 1 ? new[] { 1, cores } : [1])
{
    var raw = Measure(threads, seconds, () =>
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256); // lives for the measurement
        var signature = new byte[64];
        return () => key.SignData(input, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    });
    var mint = Measure(threads, seconds, () => () => minter.Mint(claims).Length);
    Console.WriteLine(FormattableString.Invariant($"raw_es256_sign_per_s threads={threads} {raw:F0}"));
    Console.WriteLine(FormattableString.Invariant($"mint_token_per_s threads={threads} {mint:F0}"));
}

static double Measure(int threads, double seconds, Func<Func<int>> setup)
{
    long total = 0;
    var stop = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
    {
        var work = setup();
        long count = 0;
        while (stop.Elapsed.TotalSeconds < seconds)
        {
            work();
            count++;
        }

        Interlocked.Add(ref total, count);
    })).ToList();
    stop.Restart();
    workers.ForEach(w => w.Start());
    workers.ForEach(w => w.Join());
    return total / stop.Elapsed.TotalSeconds;
}
