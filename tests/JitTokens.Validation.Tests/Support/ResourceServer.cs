using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitTokens.Validation.Tests.Support;

/// <summary>
/// A small resource server built with the library, as a team would write it, on a real Kestrel
/// loopback port: <c>/rows</c> (db:read), <c>/volumes</c> and <c>/volumes/{id}</c> (volume:read,
/// the second bound to the id), <c>DELETE /volumes/{id}</c> (volume:delete), the group
/// <c>/snapshots/{id}</c> (volume:snapshot, bound to the id), <c>/whoami</c> (any
/// valid token, no scope) and <c>/public</c> (anonymous).
/// </summary>
public sealed class ResourceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private ResourceServer(WebApplication app, Uri url, CapturingLoggerProvider logs, ConcurrentDictionary<string, int> deletions)
    {
        _app = app;
        Url = url;
        Logs = logs;
        Deletions = deletions;
        _http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Url { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Every log line the server wrote.</summary>
    public CapturingLoggerProvider Logs { get; }

    /// <summary>How many times <c>DELETE /volumes/{id}</c> ran, by id: what a single-use token must bound to one.</summary>
    public ConcurrentDictionary<string, int> Deletions { get; }

    public static async Task<ResourceServer> StartAsync(Action<JitTokensOptions> configure, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddAuthentication().AddJitTokens(configure);

        var app = builder.Build();
        var deletions = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        app.MapGet("/public", () => "public");
        app.MapGet("/rows", (HttpContext context) => $"rows for {context.User.FindFirst("sub")?.Value}").RequireJitScope("db:read");
        app.MapGet("/volumes", () => "vol-1,vol-2").RequireJitScope("volume:read");
        app.MapGet("/volumes/{id}", (string id) => id).RequireJitScope("volume:read", target: context => context.GetRouteValue("id"));
        app.MapDelete("/volumes/{id}", (string id) =>
        {
            deletions.AddOrUpdate(id, 1, (_, n) => n + 1);
            return Results.NoContent();
        }).RequireJitScope("volume:delete", target: context => context.GetRouteValue("id"));
        var snapshots = app.MapGroup("/snapshots").RequireJitScope("volume:snapshot", target: context => context.GetRouteValue("id"));
        snapshots.MapPost("/{id}", (string id) => "snapshot of " + id);
        app.MapGet("/whoami", (HttpContext context) => context.User.FindFirst("sub")?.Value)
            .RequireAuthorization(new AuthorizationPolicyBuilder(JitTokensDefaults.AuthenticationScheme).RequireAuthenticatedUser().Build());

        await app.StartAsync(cancellationToken);
        return new ResourceServer(app, new Uri(app.Urls.Single()), logs, deletions);
    }

    /// <summary>Sends <paramref name="method"/> <paramref name="path"/> with <paramref name="token"/> as the bearer token (none when null).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);

    public async Task<HttpStatusCode> StatusAsync(string path, string? token)
    {
        using var response = await GetAsync(path, token);
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
