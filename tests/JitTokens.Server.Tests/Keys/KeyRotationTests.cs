using System.Globalization;
using JitTokens.Abstractions.Json;
using JitTokens.Server.Hosting;
using JitTokens.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JitTokens.Server.Tests.Keys;

/// <summary>Rotation as README describes it: ops/rotate-key writes a key that is published first, signs later, and the old key stays published until its tokens have expired.</summary>
public sealed class KeyRotationTests : IDisposable
{
    private readonly string _keys = Directory.CreateTempSubdirectory("jit-keys-").FullName;

    [Fact]
    public async Task Rotate_WithTheScript_PublishesFirstSignsLaterAndRetiresTheOldKeyAfterItsTokens()
    {
        await RotateKeyAsync("--now");
        using var factory = new JitServerFactory(new Dictionary<string, string?> { ["JitTokens:SigningKeys:Path"] = _keys });
        var api = new Api(factory.CreateClient());
        var (_, session) = await api.StartAsync();
        var before = await api.IssueAsync(session.SessionToken);
        var oldKid = Kid(before.AccessToken);

        await RotateKeyAsync("--activate-in", "10m");
        Reload(factory);
        var published = await JwksAsync(api);
        var during = await api.IssueAsync(session.SessionToken);

        Assert.Equal(2, published.Keys.Count);
        Assert.Equal(oldKid, Kid(during.AccessToken));

        factory.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var after = await api.IssueAsync(session.SessionToken);
        var newKid = Kid(after.AccessToken);
        Assert.NotEqual(oldKid, newKid);
        Assert.True(await VerifiesAsync(api, before.AccessToken), "a token of the old key must still verify after rotation");
        Assert.True(await VerifiesAsync(api, after.AccessToken));

        factory.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5));
        Assert.Equal([newKid], (await JwksAsync(api)).Keys.Select(k => k.Kid));
    }

    [Fact]
    public async Task Reload_OldKeyFileDeletedEarly_KeyStaysPublished()
    {
        await RotateKeyAsync("--now");
        var first = Directory.GetFiles(_keys).Single();
        File.Move(first, Path.Combine(_keys, DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + ".pem"));
        using var factory = new JitServerFactory(new Dictionary<string, string?> { ["JitTokens:SigningKeys:Path"] = _keys });
        var api = new Api(factory.CreateClient());
        var (_, session) = await api.StartAsync();
        var old = await api.IssueAsync(session.SessionToken);
        await RotateKeyAsync("--now");
        Reload(factory);

        File.Delete(Directory.GetFiles(_keys).Order(StringComparer.Ordinal).First());
        Reload(factory);

        Assert.Contains(Kid(old.AccessToken), (await JwksAsync(api)).Keys.Select(k => k.Kid));
        Assert.True(await VerifiesAsync(api, old.AccessToken));
    }

    [Fact]
    public async Task Reload_BrokenKeyFile_KeepsTheCurrentKeys()
    {
        await RotateKeyAsync("--now");
        using var factory = new JitServerFactory(new Dictionary<string, string?> { ["JitTokens:SigningKeys:Path"] = _keys });
        var api = new Api(factory.CreateClient());
        var kid = Assert.Single((await JwksAsync(api)).Keys).Kid;

        await File.WriteAllTextAsync(Path.Combine(_keys, "20990101T000000Z.pem"), "not a key");
        Reload(factory);

        Assert.Equal([kid], (await JwksAsync(api)).Keys.Select(k => k.Kid));
    }

    /// <summary>
    /// A checkpoint signed before a rotation still checks once its key has left the JWKS: the server checks
    /// checkpoints with every key file it holds, retired ones included.
    /// </summary>
    [Fact]
    public async Task CheckpointOfARetiredKey_StillVerifies_WhileItsKeyFileIsKept()
    {
        await RotateKeyAsync("--now");
        using var factory = new JitServerFactory(new Dictionary<string, string?> { ["JitTokens:SigningKeys:Path"] = _keys });
        var api = new Api(factory.CreateClient());
        var (_, session) = await api.StartAsync(ttlSeconds: 43200);
        await api.IssueAsync(session.SessionToken);
        var checkpointer = factory.Services.GetServices<IHostedService>().OfType<JitTokens.Server.Audit.AuditCheckpointer>().Single();
        Assert.True(await checkpointer.CheckpointAsync(TestContext.Current.CancellationToken));
        var oldKid = Assert.Single((await JwksAsync(api)).Keys).Kid;

        await RotateKeyAsync("--now");
        Reload(factory);
        // The new key's file is named by the real clock, which has moved on since the test clock started: retire
        // the old key counting from the real now (MaxTokenTtl 1 h + RetirementSkew 5 min, and a second to spare).
        factory.Time.Advance(DateTimeOffset.UtcNow - factory.Time.GetUtcNow() + TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await api.IssueAsync(session.SessionToken);
        Assert.DoesNotContain(oldKid, (await JwksAsync(api)).Keys.Select(k => k.Kid));

        var auditor = await api.LoginAsync("audrey", JitTokens.Abstractions.JitRoles.Auditor);
        using var response = await api.SendAsync(HttpMethod.Get, "/v1/audit/verify", auditor);
        var verification = await Api.ReadAsync(response, JitJsonContext.Default.AuditVerification);
        Assert.True(verification.Valid, verification.Reason);
        Assert.Equal(1, verification.Checkpoints);
    }

    public void Dispose() => Directory.Delete(_keys, recursive: true);

    private async Task RotateKeyAsync(params string[] arguments)
    {
        var (exit, _, stderr) = await ProcessRunner.RunAsync(Path.Combine(RepoPaths.Root, "ops", "rotate-key"), [_keys, .. arguments], TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, stderr);
        await Task.Delay(1100); // key files are named by the second; two rotations in one second would collide
    }

    private void Reload(JitServerFactory factory)
        => factory.Services.GetServices<IHostedService>().OfType<SigningKeyReloader>().Single().Reload(_keys);

    private static string Kid(string jwt) => Jwt.Header(jwt).GetProperty("kid").GetString()!;

    private static async Task<JitTokens.Abstractions.Wire.JsonWebKeySet> JwksAsync(Api api)
        => System.Text.Json.JsonSerializer.Deserialize(await api.Http.GetStringAsync("/.well-known/jwks.json"), JitJsonContext.Default.JsonWebKeySet)!;

    private static async Task<bool> VerifiesAsync(Api api, string token)
    {
        var keys = new Microsoft.IdentityModel.Tokens.JsonWebKeySet(await api.Http.GetStringAsync("/.well-known/jwks.json"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "http://jit.test",
            ValidAudience = "https://staging.api.example.com",
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidateLifetime = false,
        });
        return result.IsValid;
    }
}
