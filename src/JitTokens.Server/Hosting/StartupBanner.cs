using JitTokens.Core.Audit;
using JitTokens.Core.Catalog;
using JitTokens.Core.Keys;
using JitTokens.Core.Storage;
using JitTokens.Core.Tokens;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Hosting;

/// <summary>One short paragraph on stderr saying what is running where, and in dev mode how to start.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var services = app.Services;
        var mode = services.GetRequiredService<ServerMode>();
        var catalog = services.GetRequiredService<ScopeCatalog>();
        var issuer = services.GetRequiredService<AccessTokenMinter>().Issuer;
        var store = services.GetRequiredService<IJitStore>() is InMemoryJitStore ? "in-memory (lost on restart)" : "redis";
        var audit = services.GetRequiredService<IOptions<AuditOptions>>().Value.FilePath;
        var keys = services.GetRequiredService<IOptions<SigningKeyOptions>>().Value.Path is { Length: > 0 } folder
            ? $"{services.GetRequiredService<SigningKeyRing>().Current.Published.Length} published from {folder}"
            : "generated at start (tokens die with the process)";
        var lines = new List<string>
        {
            $"JitTokens {(mode.IsDev ? "DEV server" : "issuer")} at {issuer}",
            $"  store: {store}; audit log: {audit}",
            $"  signing keys: {keys}",
            $"  catalog: {catalog.Scopes.Count} scopes in {catalog.Environments.Count} environments from {string.Join(", ", catalog.Sources.Select(Path.GetFileName))}",
        };
        if (services.GetRequiredService<IAuditSink>() is Audit.DiscardingAuditSink)
        {
            lines.Add("  AUDIT LOG OFF (" + Audit.DiscardingAuditSink.SettingKey + "): nothing is recorded; for benchmarks only");
        }

        var chat = services.GetRequiredService<IOptions<Chat.ChatOptions>>().Value;
        lines.Add(chat.Enabled
            ? "  chat: escalations are posted to the configured webhook; clicks arrive at POST /v1/chat/interactions"
            : "  chat: off (no JitTokens:Chat:WebhookUrl); escalations are printed in this log with the command that approves them");
        if (chat.Enabled && Chat.ChatIdentityCheck.UnlinkedMembers(catalog, chat) is { Count: > 0 } unlinked)
        {
            lines.Add("  WARNING (allowed in dev mode only): " + Chat.ChatIdentityCheck.Describe(unlinked));
        }

        if (mode.IsDev)
        {
            lines.Add("  dev mode: POST /dev/login issues human tokens to loopback callers; never expose this server.");
            lines.Add("  try: eval \"$(jit login --dev alice)\" && eval \"$(jit session start --agent demo --env staging --purpose 'try JitTokens locally')\"");
        }

        Console.Error.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
