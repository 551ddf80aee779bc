using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JitTokens.TestSupport.Redis;
using JitTokens.TestSupport.Slack;

namespace JitTokens.Incident.Tests;

/// <summary>
/// Issue 5 item 6, the PocketOS incident replayed with every part real: redis-server, the issuer (on Redis, with chat to
/// a Slack stand-in), a volumes API protected by JitTokens.Validation running once as staging and once as production,
/// and an agent started with <c>jit run</c> for staging that tries every way to delete the production volume. Every
/// attempt fails, the production volume and its backups survive, the issuance log shows each attempt, and once the agent
/// exits its token is rejected by both APIs.
/// </summary>
public sealed class IncidentReplayTests
{
    private const string SigningSecret = "incident-slack-signing-secret-0123456789";
    private const string StagingSecret = "volumes-staging-secret-0123456789abcdefghij";
    private const string ProductionSecret = "volumes-production-secret-0123456789abcdefghij";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AgentForStaging_CannotDeleteTheProductionVolume_AndItsTokensDieWithIt()
    {
        var folder = Directory.CreateTempSubdirectory("jit-incident-").FullName;
        await using var redis = await RedisServer.StartNewAsync(Ct);
        await using var slack = await SlackReceiver.StartNewAsync(cancellationToken: Ct);
        var issuer = new Uri($"http://127.0.0.1:{FreePort()}");
        var audit = Path.Combine(folder, "audit.ndjson");
        await using var server = ChildProcess.Start("dotnet", [Paths.ServerDll, "--dev", "--urls", issuer.GetLeftPart(UriPartial.Authority)], new Dictionary<string, string>
        {
            ["JitTokens__Redis__Configuration"] = redis.Configuration,
            ["JitTokens__Redis__KeyPrefix"] = RedisServer.NewKeyPrefix(),
            ["JitTokens__Catalog__Path"] = Paths.Catalog,
            ["JitTokens__Audit__FilePath"] = audit,
            ["JitTokens__Chat__WebhookUrl"] = slack.WebhookUrl,
            ["JitTokens__Chat__SigningSecret"] = SigningSecret,
            ["JitTokens__ResourceServers__volumes-staging__SecretSha256"] = Sha256(StagingSecret),
            ["JitTokens__ResourceServers__volumes-staging__Environments__0"] = "staging",
            ["JitTokens__ResourceServers__volumes-production__SecretSha256"] = Sha256(ProductionSecret),
            ["JitTokens__ResourceServers__volumes-production__Environments__0"] = "production",
            ["Logging__LogLevel__Default"] = "Warning",
        }, folder);
        await server.WaitUntilHealthyAsync(new Uri(issuer, "/readyz"), Ct);

        var stagingApi = new Uri($"http://127.0.0.1:{FreePort()}");
        var productionApi = new Uri($"http://127.0.0.1:{FreePort()}");
        await using var staging = StartVolumes(stagingApi, issuer, "staging", "volumes-staging", StagingSecret, "stg-db,stg-cache");
        await using var production = StartVolumes(productionApi, issuer, "production", "volumes-production", ProductionSecret, "prod-db");
        await staging.WaitUntilHealthyAsync(new Uri(stagingApi, "/healthz"), Ct);
        await production.WaitUntilHealthyAsync(new Uri(productionApi, "/healthz"), Ct);

        using var http = new HttpClient { BaseAddress = issuer, Timeout = TimeSpan.FromSeconds(10) };
        var human = await DevLoginAsync(http, "alice");

        // The human starts the agent for staging work; the agent tries everything.
        await using var agent = ChildProcess.Start("dotnet", [Paths.JitDll, "run", "--agent", "cursor-42", "--env", "staging", "--purpose", "routine staging maintenance for OPS-17", "--", "bash", Paths.AgentScript], new Dictionary<string, string>
        {
            ["JIT_URL"] = issuer.GetLeftPart(UriPartial.Authority),
            ["JIT_HUMAN_TOKEN"] = human,
            ["AGENT_JIT_DLL"] = Paths.JitDll,
            ["STAGING_API"] = stagingApi.GetLeftPart(UriPartial.Authority),
            ["PROD_API"] = productionApi.GetLeftPart(UriPartial.Authority),
        }, folder);

        // The volume:delete request reaches chat; an infra approver denies it there.
        SlackPost post;
        try
        {
            post = await slack.WaitForAsync(p => p.ButtonValues.Count > 0 && (p.Text ?? p.Body).Contains("volume:delete", StringComparison.Ordinal), TimeSpan.FromSeconds(60), Ct);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- agent:\n{agent.Output}\n--- issuer:\n{server.Output}", e);
        }

        var escalationId = post.ButtonValues[0];
        var click = SlackReceiver.BuildClick("U0INF01", "jit_deny", escalationId, slack.NewResponseUrl(), post.Json);
        using (var denied = await SlackReceiver.PostInteractionAsync(http, SigningSecret, click, DateTimeOffset.UtcNow, cancellationToken: Ct))
        {
            Assert.Equal(HttpStatusCode.OK, denied.StatusCode);
        }

        var exit = await agent.WaitForExitAsync(TimeSpan.FromSeconds(90), Ct);
        var results = agent.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith("jit:", StringComparison.Ordinal))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var transcript = agent.Output;

        Assert.True(exit == 0, transcript);
        Assert.Equal(string.Empty, results["human-token-visible"]);          // jit run passes no human credential on
        Assert.Equal("0", results["staging-read-token-exit"]);
        Assert.Equal("200", results["staging-read"]);                          // routine work goes through
        Assert.Equal("3", results["production-token-exit"]);                   // the session is for staging only
        Assert.Equal("3", results["production-read-token-exit"]);
        Assert.Equal("401", results["production-delete-with-staging-token"]);  // a staging token is not a production token
        Assert.Equal("401", results["production-read-with-staging-token"]);
        Assert.Equal("401", results["production-backups-with-staging-token"]);
        Assert.Equal("3", results["delete-escalation-exit"]);                  // escalated, denied in chat
        Assert.Equal("3", results["backup-token-exit"]);
        Assert.Equal("401", results["production-delete-with-session-token"]);

        // The production volume and its backups survive.
        using var plain = new HttpClient();
        Assert.Equal("production: volumes=prod-db backups=prod-db", await plain.GetStringAsync(new Uri(productionApi, "/healthz"), Ct));
        Assert.Equal("staging: volumes=stg-cache,stg-db backups=stg-cache,stg-db", await plain.GetStringAsync(new Uri(stagingApi, "/healthz"), Ct));

        // The agent exited, so its session ended: its token is now rejected by both APIs.
        var readToken = results["read-token"];
        await AssertEventuallyAsync(async () => await StatusAsync(plain, new Uri(stagingApi, "/volumes"), readToken) == HttpStatusCode.Unauthorized, "the staging API still accepts the token of an ended session");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(plain, new Uri(productionApi, "/volumes"), readToken));

        // The issuance log shows each attempt, and no credential.
        var events = (await ReadAuditAsync(audit)).ToList();
        var session = Assert.Single(events, e => e["type"]?.GetValue<string>() == "session.started");
        var sessionId = session["session_id"]!.GetValue<string>();
        var ofSession = events.Where(e => e["session_id"]?.GetValue<string>() == sessionId).ToList();
        Assert.Contains(ofSession, e => Is(e, "token.issued", "volume:read", "staging"));
        Assert.Contains(ofSession, e => Is(e, "token.denied", "volume:delete", "production") && e["error"]?.GetValue<string>() == "environment_not_allowed");
        Assert.Contains(ofSession, e => Is(e, "token.denied", "volume:read", "production"));
        Assert.Contains(ofSession, e => Is(e, "token.denied", "backup:delete", "production"));
        Assert.Contains(ofSession, e => Is(e, "escalation.requested", "volume:delete", "staging") && e["target"]?.GetValue<string>() == "prod-db");
        Assert.Contains(ofSession, e => Is(e, "escalation.denied", "volume:delete", "staging") && e["actor"]?.GetValue<string>() == "slack:U0INF01");
        Assert.Contains(ofSession, e => e["type"]?.GetValue<string>() == "session.ended");
        var log = await File.ReadAllTextAsync(audit, Ct);
        Assert.DoesNotContain(readToken, log, StringComparison.Ordinal);
        Assert.DoesNotContain(human, log, StringComparison.Ordinal);
        Assert.DoesNotContain("jits_", log, StringComparison.Ordinal);

        Directory.Delete(folder, recursive: true);
    }

    private static ChildProcess StartVolumes(Uri url, Uri issuer, string environment, string clientId, string secret, string names)
        => ChildProcess.Start("dotnet", [Paths.VolumesDll, "--urls", url.GetLeftPart(UriPartial.Authority)], new Dictionary<string, string>
        {
            ["Volumes__Environment"] = environment,
            ["Volumes__Issuer"] = issuer.GetLeftPart(UriPartial.Authority),
            ["Volumes__ClientId"] = clientId,
            ["Volumes__ClientSecret"] = secret,
            ["Volumes__AllowHttpIssuer"] = "true",
            ["Volumes__Names"] = names,
            ["Logging__LogLevel__Default"] = "Warning",
        });

    private static bool Is(JsonNode e, string type, string scope, string environment)
        => e["type"]?.GetValue<string>() == type && e["scope"]?.GetValue<string>() == scope && e["environment"]?.GetValue<string>() == environment;

    private static async Task<IEnumerable<JsonNode>> ReadAuditAsync(string path)
        => (await File.ReadAllLinesAsync(path, Ct)).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!);

    private static async Task<string> DevLoginAsync(HttpClient http, string user)
    {
        using var response = await http.PostAsync(new Uri("/dev/login", UriKind.Relative), new StringContent($$"""{"user":"{{user}}","roles":["jit.requester"]}""", Encoding.UTF8, "application/json"), Ct);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return json.RootElement.GetProperty("token").GetString()!;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, Uri url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, Ct);
        return response.StatusCode;
    }

    private static async Task AssertEventuallyAsync(Func<Task<bool>> condition, string message)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, message);
            await Task.Delay(20, Ct);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Sha256(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
