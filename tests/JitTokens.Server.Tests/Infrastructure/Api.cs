using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Server.Tests.Infrastructure;

/// <summary>Plain HTTP calls against the server under test, the way an outside client makes them.</summary>
internal sealed class Api(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public async Task<string> LoginAsync(string user, params string[] roles)
    {
        var body = roles.Length == 0
            ? $$"""{"user":"{{user}}"}"""
            : JsonSerializer.Serialize(new DevLoginRequest { User = user, Roles = roles }, JitJsonContext.Default.DevLoginRequest);
        using var response = await PostJsonAsync("/dev/login", body, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadAsync(response, JitJsonContext.Default.DevLoginResponse)).Token;
    }

    public async Task<SessionStarted> StartSessionAsync(string humanToken, string? body = null)
    {
        using var response = await PostJsonAsync("/v1/sessions", body ?? """{"agent":"cursor-42","environments":["staging"],"purpose":"fix flaky checkout test"}""", humanToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await ReadAsync(response, JitJsonContext.Default.SessionStarted);
    }

    /// <summary>A requester (alice) and a fresh session for cursor-42 in staging and production.</summary>
    public async Task<(string Human, SessionStarted Session)> StartAsync(string environments = "\"staging\",\"production\"", string? scopes = null, int? ttlSeconds = null)
    {
        var human = await LoginAsync("alice", JitRoles.Requester, JitRoles.Approver);
        var scopePart = scopes is null ? string.Empty : $",\"scopes\":[{scopes}]";
        var ttlPart = ttlSeconds is null ? string.Empty : $",\"ttl_seconds\":{ttlSeconds}";
        var session = await StartSessionAsync(human, $$"""{"agent":"cursor-42","environments":[{{environments}}]{{scopePart}}{{ttlPart}},"purpose":"fix flaky checkout test"}""");
        return (human, session);
    }

    public Task<HttpResponseMessage> RequestTokenAsync(string bearer, string body, bool dryRun = false)
        => PostJsonAsync(dryRun ? "/v1/tokens?dry_run=true" : "/v1/tokens", body, bearer);

    public static string TokenBody(string scope, string environment, string purpose = "apply migration 0042 for OPS-17", int? ttl = null, string? target = null)
        => JsonSerializer.Serialize(new TokenRequest { Scope = scope, Environment = environment, Purpose = purpose, TtlSeconds = ttl, Target = target }, JitJsonContext.Default.TokenRequest);

    public async Task<TokenIssued> IssueAsync(string sessionToken, string scope = "db:read", string environment = "staging", int? ttl = null, string? target = null)
    {
        using var response = await RequestTokenAsync(sessionToken, TokenBody(scope, environment, ttl: ttl, target: target));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await ReadAsync(response, JitJsonContext.Default.TokenIssued);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? bearer, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json, string? bearer)
        => SendAsync(HttpMethod.Post, path, bearer, json);

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        => JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), type) ?? throw new InvalidOperationException("empty body");

    /// <summary>Asserts a problem response with the given status and stable code, and returns it.</summary>
    public static async Task<Problem> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize(text, JitJsonContext.Default.Problem)!;
        Assert.Equal(code, problem.Error);
        Assert.Equal((int)status, problem.Status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        return problem;
    }
}
