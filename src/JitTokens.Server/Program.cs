using JitTokens.Core.Catalog;
using JitTokens.Core.Keys;
using JitTokens.Server.Hosting;
using Microsoft.Extensions.Options;

// JitTokens issuer. `--dev` runs on the embedded store with a generated key and /dev/login;
// without it, Redis, the human identity provider, signing keys and the issuer URL are required.
try
{
    var builder = WebApplication.CreateBuilder(ServerMode.TranslateArgs(args));
    builder.AddJitTokensServer();

    var app = builder.Build();
    app.LoadEagerly();
    app.MapJitTokens();
    StartupBanner.Print(app);

    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is StartupException or CatalogException or SigningKeyException or OptionsValidationException)
{
    await Console.Error.WriteLineAsync("JitTokens cannot start: " + e.Message);
    return 2;
}

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
