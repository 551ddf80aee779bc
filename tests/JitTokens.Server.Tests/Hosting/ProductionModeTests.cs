using System.Net;
using System.Security.Cryptography;
using JitTokens.Abstractions;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Hosting;

/// <summary>
/// The server without dev mode: Redis store, humans from an OpenID Connect provider (a real one on
/// loopback), signing keys from a folder, a configured issuer. No /dev/login.
/// </summary>
public sealed class ProductionModeTests(RedisServerFixture redis) : IAsyncLifetime
{
    private readonly string _keys = Directory.CreateTempSubdirectory("jit-prod-keys-").FullName;
    private readonly string _prefix = RedisServerFixture.NewKeyPrefix();
    private TestIdentityProvider _idp = null!;
    private JitServerFactory _factory = null!;
    private Api _api = null!;

    public async ValueTask InitializeAsync()
    {
        _idp = await TestIdentityProvider.StartAsync();
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            await File.WriteAllTextAsync(Path.Combine(_keys, "20260101T000000Z.pem"), key.ExportPkcs8PrivateKeyPem());
        }

        _factory = new JitServerFactory(new Dictionary<string, string?>
        {
            ["JitTokens:Dev"] = "false",
            ["JitTokens:Issuer"] = "https://jit.internal.example",
            ["JitTokens:Redis:Configuration"] = redis.Configuration,
            ["JitTokens:Redis:KeyPrefix"] = _prefix,
            ["JitTokens:Humans:Authority"] = _idp.Issuer,
            ["JitTokens:Humans:Audience"] = TestIdentityProvider.Audience,
            ["JitTokens:Humans:RequireHttpsMetadata"] = "false",
            ["JitTokens:SigningKeys:Path"] = _keys,
        });
        _api = new Api(_factory.CreateClient());
    }

    [Fact]
    public async Task HumanFromIdentityProvider_StartsSessionAndGetsTokensOnRedis()
    {
        var human = _idp.Issue("alice", [JitRoles.Requester]);

        var session = await _api.StartSessionAsync(human);
        var issued = await _api.IssueAsync(session.SessionToken);

        Assert.Equal("alice", session.Owner);
        Assert.Equal("https://jit.internal.example", Jwt.Payload(issued.AccessToken).GetProperty("iss").GetString());
        var keys = Flatten(await redis.Server.ExecuteAsync(["KEYS", _prefix + "*"], TestContext.Current.CancellationToken));
        Assert.Contains(_prefix + "tok:" + issued.TokenId, keys);
    }

    [Fact]
    public async Task SessionToken_IsStoredOnlyAsItsHash()
    {
        var session = await _api.StartSessionAsync(_idp.Issue("alice", [JitRoles.Requester]));
        await _api.IssueAsync(session.SessionToken);

        var everything = await DumpAsync();

        Assert.DoesNotContain(session.SessionToken, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(session.SessionToken[5..], everything, StringComparison.Ordinal);
        Assert.Contains(Core.Sessions.SessionToken.Hash(session.SessionToken), everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevLogin_DoesNotExist()
    {
        using var response = await _api.PostJsonAsync("/dev/login", """{"user":"alice"}""", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task HumanTokenForAnotherAudience_IsRefused()
    {
        using var response = await StartSessionAsync(_idp.Issue("alice", [JitRoles.Requester], audience: "some-other-app"));

        await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.AccessDenied);
    }

    [Fact]
    public async Task HumanTokenFromAnotherIssuer_IsRefused()
    {
        using var response = await StartSessionAsync(_idp.Issue("alice", [JitRoles.Requester], issuer: "https://evil.example"));

        await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.AccessDenied);
    }

    [Fact]
    public async Task ExpiredHumanToken_IsRefused()
    {
        using var response = await StartSessionAsync(_idp.Issue("alice", [JitRoles.Requester], lifetime: TimeSpan.FromMinutes(-5)));

        await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.AccessDenied);
    }

    [Fact]
    public async Task AccessToken_IsNotAHumanToken()
    {
        var session = await _api.StartSessionAsync(_idp.Issue("alice", [JitRoles.Requester]));
        var issued = await _api.IssueAsync(session.SessionToken);

        using var response = await StartSessionAsync(issued.AccessToken);

        await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.AccessDenied);
    }

    [Fact]
    public async Task HumanWithoutRequesterRole_IsForbidden()
    {
        using var response = await StartSessionAsync(_idp.Issue("bob", [JitRoles.Approver]));

        await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.AccessDenied);
    }

    public async ValueTask DisposeAsync()
    {
        _api.Http.Dispose();
        await _factory.DisposeAsync();
        await _idp.DisposeAsync();
        Directory.Delete(_keys, recursive: true);
    }

    private Task<HttpResponseMessage> StartSessionAsync(string human)
        => _api.PostJsonAsync("/v1/sessions", """{"agent":"cursor-42","environments":["staging"],"purpose":"fix flaky checkout test"}""", human);

    private async Task<string> DumpAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var keys = Flatten(await redis.Server.ExecuteAsync(["KEYS", _prefix + "*"], ct));
        var text = new System.Text.StringBuilder();
        foreach (var key in keys)
        {
            var type = (string)(await redis.Server.ExecuteAsync(["TYPE", key], ct))!;
            string[] read = type switch
            {
                "hash" => ["HGETALL", key],
                "set" => ["SMEMBERS", key],
                "zset" => ["ZRANGE", key, "0", "-1"],
                "stream" => ["XRANGE", key, "-", "+"],
                "list" => ["LRANGE", key, "0", "-1"],
                _ => ["GET", key],
            };
            text.Append(key).Append('\n').AppendJoin('\n', Flatten(await redis.Server.ExecuteAsync(read, ct))).Append('\n');
        }

        return text.ToString();
    }

    private static List<string> Flatten(object? reply) => reply switch
    {
        null => [],
        object?[] items => [.. items.SelectMany(Flatten)],
        _ => [Convert.ToString(reply, System.Globalization.CultureInfo.InvariantCulture)!],
    };
}
