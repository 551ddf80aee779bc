using System.Collections.Concurrent;
using JitTokens.Validation;

// A volumes API, as a team would protect it with JitTokens.Validation (README "Protect your API").
// Configuration (appsettings, or environment variables such as Volumes__Environment):
//   Volumes:Environment      staging | production: which tokens this instance accepts
//   Volumes:Issuer           the JitTokens issuer URL
//   Volumes:ClientId/Secret  its resource-server credentials, for single-use (irreversible) tokens
//   Volumes:Names            the volumes it starts with (comma-separated)
var builder = WebApplication.CreateSlimBuilder(args);
var settings = builder.Configuration.GetSection("Volumes");
var environment = settings["Environment"] ?? throw new InvalidOperationException("Volumes:Environment is required");
builder.Services.AddAuthentication().AddJitTokens(o =>
{
    o.Issuer = settings["Issuer"] ?? throw new InvalidOperationException("Volumes:Issuer is required");
    o.Environment = environment;
    o.ClientId = settings["ClientId"];
    o.ClientSecret = settings["ClientSecret"];
    o.RequireHttps = !string.Equals(settings["AllowHttpIssuer"], "true", StringComparison.OrdinalIgnoreCase);
});
builder.Services.AddAuthorization();

var app = builder.Build();
var volumes = new ConcurrentDictionary<string, bool>(
    (settings["Names"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => KeyValuePair.Create(n, true)),
    StringComparer.Ordinal);
var backups = new ConcurrentDictionary<string, bool>(volumes.Keys.Select(n => KeyValuePair.Create(n, true)), StringComparer.Ordinal);

app.UseAuthentication();
app.UseAuthorization();

// Unauthenticated on purpose, for the operator (and the incident test): what still exists.
app.MapGet("/healthz", () => Results.Text($"{environment}: volumes={string.Join(',', volumes.Keys.Order(StringComparer.Ordinal))} backups={string.Join(',', backups.Keys.Order(StringComparer.Ordinal))}"));

app.MapGet("/volumes", () => Results.Json(volumes.Keys.Order(StringComparer.Ordinal).ToArray()))
    .RequireJitScope("volume:read");

app.MapDelete("/volumes/{id}", (string id) => volumes.TryRemove(id, out _) ? Results.NoContent() : Results.NotFound())
    .RequireJitScope("volume:delete", target: context => context.GetRouteValue("id"));

app.MapDelete("/volumes/{id}/backups", (string id) => backups.TryRemove(id, out _) ? Results.NoContent() : Results.NotFound())
    .RequireJitScope("backup:delete", target: context => context.GetRouteValue("id"));

app.Run();
