using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Server.Audit;
using JitTokens.Server.Tests.Escalations;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;
using JitTokens.TestSupport.Slack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JitTokens.Server.Tests.Ops;

/// <summary>
/// ops/redis/redis.conf lets the issuer (Redis's <c>default</c> user) run only the commands it uses, but
/// every other test runs Redis without an ACL: a new command or script call in JitTokens.Storage.Redis
/// would pass them all and fail in production with NOPERM. These tests run redis-server from the
/// production file itself (only the port, data folder, pid file and the two password placeholders differ,
/// as in ops/redis/check), drive every store path of the real issuer through its HTTP API and fail on any
/// entry in <c>ACL LOG</c>; then kill Redis (-9), restart it from its AOF and check that the issuer's keys
/// and TTLs came back (Redis replays the AOF's transactions as <c>default</c> and silently drops what that
/// user may not run).
/// </summary>
public sealed class RedisConfTests
{
    private const string IssuerPlaceholder = "REPLACE_WITH_SHA256_HEX_OF_THE_ISSUER_PASSWORD";
    private const string OpsPlaceholder = "REPLACE_WITH_SHA256_HEX_OF_THE_OPS_PASSWORD";
    private const string ResourceServerSecret = "redis-conf-resource-server-secret-0123456789";
    private const string SigningSecret = "8f742231b10e8888abcd99edabcdef85";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // Letters and digits only, as redis.conf asks (the issuer's configuration string ends a password at "," or "=").
    private readonly string _issuerPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    private readonly string _opsPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProductionConf_EveryStorePath_NoCommandRefused_AndKeysWithTtlsSurviveKill9()
    {
        await using var redis = await ConfiguredRedisServer.StartNewAsync(ProductionConf(), Ct);
        await using var slack = await SlackReceiver.StartNewAsync(cancellationToken: Ct);
        using var factory = new JitServerFactory(new Dictionary<string, string?>
        {
            // As ops/README.md and ops/systemd/jittokens.env.example configure it; the key prefix is the default jit:.
            ["JitTokens:Redis:Configuration"] = $"127.0.0.1:{redis.Port},password={_issuerPassword}",
            ["JitTokens:EscalationSweepInterval"] = "00:00:00.1",
            ["JitTokens:Chat:WebhookUrl"] = slack.WebhookUrl,
            ["JitTokens:Chat:SigningSecret"] = SigningSecret,
            ["JitTokens:Chat:PollInterval"] = "00:00:00.05",
            ["JitTokens:ResourceServers:rs:SecretSha256"] = Sha256Hex(ResourceServerSecret),
            ["JitTokens:Audit:Retention"] = "01:00:00",
        });
        try
        {
            await EveryStorePathThenKill9Async(redis, slack, factory);
        }
        catch (Exception e)
        {
            // A refused command surfaces above as a 500 or a 503 somewhere: name it.
            if (await RefusalsOrNoneAsync(redis) is { Count: > 0 } refusals)
            {
                Assert.Fail(Describe(refusals) + "\nThe test stopped at: " + e.Message);
            }

            throw;
        }
    }

    private async Task EveryStorePathThenKill9Async(ConfiguredRedisServer redis, SlackReceiver slack, JitServerFactory factory)
    {
        using var http = factory.CreateClient();
        var api = new Api(http);
        var checkpointer = factory.Services.GetServices<IHostedService>().OfType<AuditCheckpointer>().Single();

        await ExpectAsync(api.SendAsync(HttpMethod.Get, "/readyz", null), HttpStatusCode.OK);
        var alice = await api.LoginAsync("alice", JitRoles.Requester, JitRoles.Approver);
        var dana = await api.LoginAsync("dana", JitRoles.Approver);
        var bob = await api.LoginAsync("bob", JitRoles.Approver);
        var carol = await api.LoginAsync("carol", JitRoles.Approver);
        var audrey = await api.LoginAsync("audrey", JitRoles.Auditor);
        var main = await StartSessionAsync(api, alice);
        var watched = await StartSessionAsync(api, alice);
        var ended = await StartSessionAsync(api, alice);

        // Chat outbox: the first delivery fails and is rescheduled, the retry is delivered.
        slack.FailWith(HttpStatusCode.InternalServerError, times: 1);
        var approved = await api.EscalateAsync(main.SessionToken);
        await WaitUntilAsync(() => factory.Logs.Lines.Any(l => l.Contains("Chat delivery of request", StringComparison.Ordinal)), "the failed chat delivery");
        factory.Time.Advance(TimeSpan.FromMinutes(5));
        await slack.WaitForAsync(p => p.Kind == SlackPostKind.Webhook && p.ButtonValues.Contains(approved.EscalationId), Patience, Ct);

        // Tokens, a dry run, a refusal.
        var revoked = await api.IssueAsync(main.SessionToken);
        var kept = await api.IssueAsync(main.SessionToken, "db:write", "staging");
        await ExpectAsync(api.RequestTokenAsync(main.SessionToken, Api.TokenBody("db:write", "production"), dryRun: true), HttpStatusCode.OK);
        await ExpectAsync(api.RequestTokenAsync(main.SessionToken, Api.TokenBody("db:read", "qa")), HttpStatusCode.Forbidden);

        // An escalation polled while pending, approved by another human, redeemed.
        await ExpectAsync(api.RedeemAsync(main.SessionToken, approved.EscalationId), HttpStatusCode.BadRequest); // authorization_pending
        await ExpectAsync(api.ApproveAsync(dana, approved.EscalationId), HttpStatusCode.OK);
        await ExpectAsync(api.RedeemAsync(main.SessionToken, approved.EscalationId), HttpStatusCode.Created);

        // A use-once token (irreversible scope), consumed by introspection; two approvals of two; a denial.
        var once = await api.EscalateAsync(main.SessionToken, "volume:delete", "staging", target: "vol-1");
        await ExpectAsync(api.ApproveAsync(bob, once.EscalationId), HttpStatusCode.OK);
        var onceToken = JsonSerializer.Deserialize(await ExpectAsync(api.RedeemAsync(main.SessionToken, once.EscalationId), HttpStatusCode.Created), JitJsonContext.Default.TokenIssued)!;
        Assert.True(await IntrospectAsync(api, onceToken.AccessToken, consume: true));
        var twoOfTwo = await api.EscalateAsync(main.SessionToken, "volume:delete", "production", target: "vol-2");
        await ExpectAsync(api.ApproveAsync(bob, twoOfTwo.EscalationId), HttpStatusCode.OK);
        await ExpectAsync(api.ApproveAsync(carol, twoOfTwo.EscalationId), HttpStatusCode.OK);
        var denied = await api.EscalateAsync(main.SessionToken, "db:migrate", "production");
        await ExpectAsync(api.DenyAsync(dana, denied.EscalationId, """{"comment":"not during the freeze"}"""), HttpStatusCode.OK);
        await ExpectAsync(api.RedeemAsync(main.SessionToken, denied.EscalationId), HttpStatusCode.Forbidden);

        // Revocation, introspection, the feed.
        await ExpectAsync(api.SendAsync(HttpMethod.Delete, "/v1/tokens/" + revoked.TokenId, main.SessionToken), HttpStatusCode.NoContent);
        Assert.False(await IntrospectAsync(api, revoked.AccessToken));
        Assert.True(await IntrospectAsync(api, kept.AccessToken));
        Assert.Contains(revoked.TokenId, await ReadBodyAsync(api, "/v1/revocations", null), StringComparison.Ordinal);

        // A heartbeat-watched session with a token and a pending escalation; another ended by its agent.
        await api.IssueAsync(watched.SessionToken);
        await api.EscalateAsync(watched.SessionToken);
        await ExpectAsync(api.PostJsonAsync("/v1/sessions/current/heartbeat", """{"within_seconds":30}""", watched.SessionToken), HttpStatusCode.OK);
        var endedToken = await api.IssueAsync(ended.SessionToken);
        await api.EscalateAsync(ended.SessionToken);
        await ExpectAsync(api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", ended.SessionToken), HttpStatusCode.NoContent);
        Assert.False(await IntrospectAsync(api, endedToken.AccessToken));

        // Reads and lists.
        foreach (var (path, bearer) in new[]
        {
            ("/v1/sessions/current", main.SessionToken), ("/v1/sessions", alice), ("/v1/sessions?active=true", alice),
            ("/v1/escalations", dana), ("/v1/escalations?status=pending", dana), ("/v1/escalations", main.SessionToken),
            ("/v1/escalations/" + approved.EscalationId, main.SessionToken), ("/v1/audit", audrey), ("/v1/audit/export", audrey),
        })
        {
            await ReadBodyAsync(api, path, bearer);
        }

        // Time passes: a pending escalation and an unredeemed approval expire (the sweep records an expiry only
        // within the store's one-hour retention), the watched session's heartbeat lapses; later, retention trims
        // the log up to a checkpoint older than an hour.
        var expiring = await api.EscalateAsync(main.SessionToken);
        Assert.True(await checkpointer.CheckpointAsync(Ct));
        factory.Time.Advance(TimeSpan.FromMinutes(20));
        await WaitUntilAsync(() => HasAuditLine(factory, AuditEventTypes.EscalationExpired, expiring.EscalationId), "the expiry sweep");
        await WaitUntilAsync(() => HasAuditLine(factory, AuditEventTypes.EscalationExpired, twoOfTwo.EscalationId), "the expiry of an unredeemed approval");
        await WaitUntilAsync(() => HasAuditLine(factory, AuditEventTypes.SessionEnded, watched.SessionId), "the heartbeat sweep");
        factory.Time.Advance(TimeSpan.FromHours(2));
        await api.IssueAsync(main.SessionToken);
        Assert.True(await checkpointer.CheckpointAsync(Ct));
        Assert.True(await checkpointer.TrimAsync(Ct) > 0);
        await AssertAuditValidAsync(api, audrey);
        await ReadBodyAsync(api, "/v1/revocations", null);
        await WaitUntilAsync(async () => (long)(await AsOpsAsync(redis, "ZCARD", "jit:outbox-due"))! == 0, "the chat outbox to drain");

        await AssertNoCommandRefusedAsync(redis);

        // kill -9 and restart: everything comes back from the AOF, TTLs included.
        var before = await KeysWithTtlsAsync(redis);
        Assert.True(before[$"jit:ses:{main.SessionId}"] > 0);
        await redis.KillAsync();
        await redis.StartAsync(Ct);
        var droppedOnLoad = redis.Output.Where(l => l.Contains("AOF-loading-client", StringComparison.Ordinal)).ToList();
        Assert.True(droppedOnLoad.Count == 0, "Redis dropped commands of the AOF that `default` may not run:\n" + string.Join('\n', droppedOnLoad));
        var after = await KeysWithTtlsAsync(redis);
        Assert.All(before.Where(key => key.Value is -1 or > 5000), key => Assert.True( // not a key about to expire anyway (jit:health lives 30 s)
            key.Value > 0 ? after.GetValueOrDefault(key.Key) > 0 : after.GetValueOrDefault(key.Key) == -1,
            $"{key.Key}: PTTL {key.Value} before the restart, {(after.TryGetValue(key.Key, out var ttl) ? ttl : "gone")} after"));

        // The issuer carries on (its scripts are loaded again: NOSCRIPT, then EVAL) and the session still works.
        // Until both of its connections (the store's and the issuance log's) are back, the issuer answers 503.
        await WaitUntilAsync(async () => await IsOkAsync(api, "/readyz", null) && await IsOkAsync(api, "/v1/audit?limit=1", audrey), "the issuer to reconnect");
        await ReadBodyAsync(api, "/v1/sessions/current", main.SessionToken);
        Assert.False(await IntrospectAsync(api, revoked.AccessToken));
        await api.IssueAsync(main.SessionToken);
        await ExpectAsync(api.SendAsync(HttpMethod.Delete, "/v1/sessions/current", main.SessionToken), HttpStatusCode.NoContent);
        await AssertAuditValidAsync(api, audrey);
        await AssertNoCommandRefusedAsync(redis);
    }

    /// <summary>
    /// Script branches an end-to-end run may not reach (pruning, races) call commands too: every command named in a
    /// <c>redis.call</c> of JitTokens.Storage.Redis must be allowed to <c>default</c> on <c>jit:*</c> keys (ACL DRYRUN).
    /// </summary>
    [Fact]
    public async Task ProductionConf_AllowsTheIssuer_EveryCommandItsScriptsCall()
    {
        var sources = Directory.GetFiles(Path.Combine(RepoPaths.Root, "src", "JitTokens.Storage.Redis"), "*.cs").Select(File.ReadAllText).ToList();
        var calls = sources.Sum(s => Regex.Count(s, @"redis\.p?call\("));
        var commands = sources.SelectMany(s => Regex.Matches(s, @"redis\.p?call\(\s*'([A-Za-z]+)'").Select(m => m.Groups[1].Value.ToUpperInvariant())).ToList();
        Assert.True(calls == commands.Count, "a script names a command through a variable, which this test cannot see: write it as a literal");
        Assert.NotEmpty(commands);
        await using var redis = await ConfiguredRedisServer.StartNewAsync(ProductionConf(), Ct);

        var refused = new List<string>();
        foreach (var command in commands.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            // Enough arguments for the command's arity, every one a jit:* key, so only the command itself can be refused.
            if (((object?[])(await AsOpsAsync(redis, "COMMAND", "INFO", command))!)[0] is not object?[] info)
            {
                refused.Add($"{command}: unknown to this redis-server");
                continue;
            }

            var arity = Math.Abs((long)info[1]!);
            var answer = await AsOpsAsync(redis, ["ACL", "DRYRUN", "default", command, .. Enumerable.Repeat("jit:x", (int)arity - 1)]);
            if (!"OK".Equals(answer))
            {
                refused.Add($"{command}: {answer}");
            }
        }

        Assert.True(refused.Count == 0, "redis.conf's `user default` line lacks commands the store's scripts call:\n" + string.Join('\n', refused));
    }

    private string ProductionConf()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "ops", "redis", "redis.conf"));
        Assert.Contains("#" + IssuerPlaceholder, text, StringComparison.Ordinal);
        Assert.Contains("#" + OpsPlaceholder, text, StringComparison.Ordinal);
        return text.Replace(IssuerPlaceholder, Sha256Hex(_issuerPassword), StringComparison.Ordinal)
            .Replace(OpsPlaceholder, Sha256Hex(_opsPassword), StringComparison.Ordinal);
    }

    private Task<object?> AsOpsAsync(ConfiguredRedisServer redis, params string[] command)
        => redis.ExecuteAsync("ops", _opsPassword, command, Ct);

    private async Task AssertNoCommandRefusedAsync(ConfiguredRedisServer redis)
    {
        var refusals = await RefusalsAsync(redis);
        Assert.True(refusals.Count == 0, Describe(refusals));
    }

    /// <summary>
    /// Every entry of ACL LOG (a command, key or channel refused to anyone, or a failed AUTH) but one:
    /// StackExchange.Redis sends CONFIG GET on every (re)connection and carries on when it is refused
    /// (redis.conf, "connecting"). The configuration string of ops/README.md and the env example does not add
    /// ",$CONFIG=", which would stop it asking; until it does, that refusal happens in production too.
    /// </summary>
    private async Task<List<Dictionary<string, string>>> RefusalsAsync(ConfiguredRedisServer redis)
        => [.. ((object?[])(await AsOpsAsync(redis, "ACL", "LOG"))!).Cast<object?[]>().Select(Pairs)
            .Where(e => !(e["username"] == "default" && e["reason"] == "command" && e["context"] == "toplevel" && e["object"] == "config|get"))];

    /// <summary>The refusals, or none when Redis cannot be asked (the test failed while it was down).</summary>
    private async Task<List<Dictionary<string, string>>> RefusalsOrNoneAsync(ConfiguredRedisServer redis)
    {
        try
        {
            return await RefusalsAsync(redis);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return [];
        }
    }

    private static string Describe(List<Dictionary<string, string>> refusals)
        => "Redis refused what redis.conf does not allow (ACL LOG):\n" + string.Join('\n', refusals.Select(e =>
            $"  user {e["username"]}: {e["reason"]} '{e["object"]}' ({e["context"]}, {e["count"]} times)"));

    private async Task<Dictionary<string, long>> KeysWithTtlsAsync(ConfiguredRedisServer redis)
    {
        var keys = ((object?[])(await AsOpsAsync(redis, "KEYS", "*"))!).Cast<string>().ToList();
        Assert.NotEmpty(keys);
        var ttls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            ttls[key] = (long)(await AsOpsAsync(redis, "PTTL", key))!;
        }

        return ttls;
    }

    private static Dictionary<string, string> Pairs(object?[] flat)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < flat.Length; i += 2)
        {
            pairs[(string)flat[i]!] = Convert.ToString(flat[i + 1], CultureInfo.InvariantCulture) ?? "";
        }

        return pairs;
    }

    private static async Task<SessionStarted> StartSessionAsync(Api api, string human)
        => await api.StartSessionAsync(human, """{"agent":"cursor-42","environments":["staging","production"],"ttl_seconds":43200,"purpose":"fix flaky checkout test"}""");

    /// <summary>Asserts the status (showing the body when it differs) and returns the body.</summary>
    private static async Task<string> ExpectAsync(Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body;
    }

    private static async Task<bool> IsOkAsync(Api api, string path, string? bearer)
    {
        using var response = await api.SendAsync(HttpMethod.Get, path, bearer);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static Task<string> ReadBodyAsync(Api api, string path, string? bearer)
        => ExpectAsync(api.SendAsync(HttpMethod.Get, path, bearer), HttpStatusCode.OK);

    private static async Task AssertAuditValidAsync(Api api, string auditor)
    {
        var verification = JsonSerializer.Deserialize(await ReadBodyAsync(api, "/v1/audit/verify", auditor), JitJsonContext.Default.AuditVerification)!;
        Assert.True(verification.Valid, verification.Reason);
    }

    private static async Task<bool> IntrospectAsync(Api api, string token, bool consume = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/introspect")
        {
            Content = new StringContent("token=" + Uri.EscapeDataString(token) + (consume ? "&consume=true" : ""), Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("rs:" + ResourceServerSecret)));
        return JsonSerializer.Deserialize(await ExpectAsync(api.Http.SendAsync(request), HttpStatusCode.OK), JitJsonContext.Default.IntrospectionResponse)!.Active;
    }

    private static bool HasAuditLine(JitServerFactory factory, string type, string id)
        => factory.AuditLines().Any(l => l.Contains($"\"type\":\"{type}\"", StringComparison.Ordinal) && l.Contains(id, StringComparison.Ordinal));

    private static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited {Patience.TotalSeconds:0} s for {what}");
            await Task.Delay(20, Ct);
        }
    }

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
