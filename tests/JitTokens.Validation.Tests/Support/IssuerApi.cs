using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace JitTokens.Validation.Tests.Support;

/// <summary>The issuer's HTTP API as a human, an agent and an approver use it (DESIGN.md §3), in plain JSON.</summary>
public sealed class IssuerApi(Uri issuer) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = issuer, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A human token from <c>/dev/login</c>.</summary>
    public async Task<string> LoginAsync(string user, params string[] roles)
    {
        var body = new JsonObject { ["user"] = user };
        if (roles.Length > 0)
        {
            body["roles"] = new JsonArray([.. roles.Select(r => JsonValue.Create(r))]);
        }

        return (await SendAsync(HttpMethod.Post, "/dev/login", null, body, HttpStatusCode.OK))["token"]!.GetValue<string>();
    }

    /// <summary>Starts a session for agent <c>cursor-42</c> owned by a fresh user; returns its id and session token.</summary>
    public async Task<Session> StartSessionAsync(params string[] environments)
    {
        var human = await LoginAsync("alice");
        var started = await SendAsync(HttpMethod.Post, "/v1/sessions", human, new JsonObject
        {
            ["agent"] = "cursor-42",
            ["environments"] = new JsonArray([.. environments.Select(e => JsonValue.Create(e))]),
            ["purpose"] = "validation library tests",
        }, HttpStatusCode.Created);
        return new Session(started["session_id"]!.GetValue<string>(), started["session_token"]!.GetValue<string>());
    }

    /// <summary>Mints an auto-approved token (201).</summary>
    public async Task<Minted> MintAsync(Session session, string scope, string environment, string? target = null, int? ttlSeconds = null)
    {
        var issued = await SendAsync(HttpMethod.Post, "/v1/tokens", session.Token, TokenBody(scope, environment, target, ttlSeconds), HttpStatusCode.Created);
        return new Minted(issued["access_token"]!.GetValue<string>(), issued["token_id"]!.GetValue<string>());
    }

    /// <summary>Asks for a token that needs approval, has it approved by <c>bob</c> (group infra), and redeems it.</summary>
    public async Task<Minted> MintApprovedAsync(Session session, string scope, string environment, string? target = null)
    {
        var escalated = await SendAsync(HttpMethod.Post, "/v1/tokens", session.Token, TokenBody(scope, environment, target, null), HttpStatusCode.Accepted);
        var escalation = escalated["escalation_id"]!.GetValue<string>();
        var bob = await LoginAsync("bob", "jit.approver");
        await SendAsync(HttpMethod.Post, $"/v1/escalations/{escalation}/approve", bob, new JsonObject(), HttpStatusCode.OK);
        var issued = await SendAsync(HttpMethod.Post, $"/v1/escalations/{escalation}/token", session.Token, null, HttpStatusCode.Created);
        return new Minted(issued["access_token"]!.GetValue<string>(), issued["token_id"]!.GetValue<string>());
    }

    /// <summary><c>DELETE /v1/tokens/{id}</c> with the session token.</summary>
    public Task RevokeAsync(Session session, string tokenId)
        => SendAsync(HttpMethod.Delete, "/v1/tokens/" + tokenId, session.Token, null, HttpStatusCode.NoContent);

    /// <summary><c>DELETE /v1/sessions/current</c> with the session token.</summary>
    public Task EndSessionAsync(Session session)
        => SendAsync(HttpMethod.Delete, "/v1/sessions/current", session.Token, null, HttpStatusCode.NoContent);

    /// <summary>The signing key id the issuer publishes.</summary>
    public async Task<string> KidAsync()
        => (await SendAsync(HttpMethod.Get, "/.well-known/jwks.json", null, null, HttpStatusCode.OK))["keys"]![0]!["kid"]!.GetValue<string>();

    /// <summary>The audience the catalog gives <paramref name="environment"/>.</summary>
    public async Task<string> AudienceAsync(string environment)
        => (await SendAsync(HttpMethod.Get, "/v1/scopes", null, null, HttpStatusCode.OK))["environments"]![environment]!["audience"]!.GetValue<string>();

    public void Dispose() => _http.Dispose();

    private static JsonObject TokenBody(string scope, string environment, string? target, int? ttlSeconds)
    {
        var body = new JsonObject { ["scope"] = scope, ["environment"] = environment, ["purpose"] = "exercise the validation library" };
        if (target is not null)
        {
            body["target"] = target;
        }

        if (ttlSeconds is not null)
        {
            body["ttl_seconds"] = ttlSeconds;
        }

        return body;
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, string? bearer, JsonObject? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }
}
