using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

// Usage: RevocationLatency <issuer URL> <resource server URL> <session token> [revocations, default 1000]
// For each revocation: mint a token, see the resource server accept it, then start the clock, revoke it
// (DELETE /v1/tokens/{id}) and ask the resource server again and again until it answers 401. Prints the
// distribution of (first 401) - (revoke call started), in milliseconds, and how many checks each took.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: RevocationLatency <issuer URL> <resource server URL> <session token> [revocations]");
    return 2;
}

var issuer = new Uri(args[0]);
var api = new Uri(args[1]);
var session = args[2];
var count = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1000;
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
var latencies = new List<double>(count);
var checks = new List<int>(count);
for (var i = 0; i < count; i++)
{
    using var mint = new HttpRequestMessage(HttpMethod.Post, new Uri(issuer, "/v1/tokens"))
    {
        Content = new StringContent("""{"scope":"volume:read","environment":"staging","purpose":"revocation propagation benchmark"}""", Encoding.UTF8, "application/json"),
    };
    mint.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);
    using var minted = await http.SendAsync(mint);
    minted.EnsureSuccessStatusCode();
    using var json = JsonDocument.Parse(await minted.Content.ReadAsStringAsync());
    var token = json.RootElement.GetProperty("access_token").GetString()!;
    var tokenId = json.RootElement.GetProperty("token_id").GetString()!;
    if (await StatusAsync(token) != HttpStatusCode.OK)
    {
        Console.Error.WriteLine("the resource server refused a fresh token");
        return 1;
    }

    var started = Stopwatch.GetTimestamp();
    using var revoke = new HttpRequestMessage(HttpMethod.Delete, new Uri(issuer, "/v1/tokens/" + tokenId));
    revoke.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);
    var revoking = http.SendAsync(revoke);
    var tries = 0;
    while (true)
    {
        tries++;
        if (await StatusAsync(token) == HttpStatusCode.Unauthorized)
        {
            break;
        }

        if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(10))
        {
            Console.Error.WriteLine($"token {tokenId} was still accepted 10 s after its revocation");
            return 1;
        }
    }

    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    checks.Add(tries);
    (await revoking).Dispose();
}

latencies.Sort();
double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p / 100 * latencies.Count) - 1)];
Console.WriteLine(FormattableString.Invariant(
    $"BENCH revocations={latencies.Count} p50_ms={Percentile(50):F1} p90_ms={Percentile(90):F1} p99_ms={Percentile(99):F1} max_ms={latencies[^1]:F1} mean_checks={checks.Average():F1}"));
return 0;

async Task<HttpStatusCode> StatusAsync(string token)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api, "/volumes"));
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var response = await http.SendAsync(request);
    return response.StatusCode;
}
