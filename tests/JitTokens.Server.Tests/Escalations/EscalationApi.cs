using System.Net;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Server.Tests.Infrastructure;

namespace JitTokens.Server.Tests.Escalations;

/// <summary>The escalation calls of the API, as an outside client makes them.</summary>
internal static class EscalationApi
{
    public static async Task<TokenEscalated> EscalateAsync(this Api api, string sessionToken, string scope = "db:write", string environment = "production", int? ttl = null, string? target = null, string purpose = "apply migration 0042 for OPS-17")
    {
        using var response = await api.RequestTokenAsync(sessionToken, Api.TokenBody(scope, environment, purpose, ttl, target));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await Api.ReadAsync(response, JitJsonContext.Default.TokenEscalated);
    }

    public static Task<HttpResponseMessage> ApproveAsync(this Api api, string bearer, string escalationId, string? json = null)
        => api.SendAsync(HttpMethod.Post, $"/v1/escalations/{escalationId}/approve", bearer, json);

    public static Task<HttpResponseMessage> DenyAsync(this Api api, string bearer, string escalationId, string? json = null)
        => api.SendAsync(HttpMethod.Post, $"/v1/escalations/{escalationId}/deny", bearer, json);

    public static Task<HttpResponseMessage> RedeemAsync(this Api api, string sessionToken, string escalationId)
        => api.SendAsync(HttpMethod.Post, $"/v1/escalations/{escalationId}/token", sessionToken);

    public static async Task<EscalationView> ApprovedAsync(this Api api, string bearer, string escalationId)
    {
        using var response = await api.ApproveAsync(bearer, escalationId);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await Api.ReadAsync(response, JitJsonContext.Default.EscalationView);
    }

    public static async Task<EscalationView> GetEscalationAsync(this Api api, string bearer, string escalationId)
    {
        using var response = await api.SendAsync(HttpMethod.Get, "/v1/escalations/" + escalationId, bearer);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Api.ReadAsync(response, JitJsonContext.Default.EscalationView);
    }

    /// <summary>The audit events of <paramref name="type"/> about one escalation, parsed.</summary>
    public static IReadOnlyList<AuditEvent> AuditOf(this JitServerFactory factory, string type, string escalationId)
        => [.. factory.AuditLines()
            .Select(line => System.Text.Json.JsonSerializer.Deserialize(line, JitJsonContext.Default.AuditEvent)!)
            .Where(e => e.Type == type && e.EscalationId == escalationId)];
}
