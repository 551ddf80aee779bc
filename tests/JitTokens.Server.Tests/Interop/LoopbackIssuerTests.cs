using JitTokens.Server.Tests.Infrastructure;

namespace JitTokens.Server.Tests.Interop;

/// <summary>
/// A server on a real loopback port, for clients outside .NET that reach it by URL (tests/interop): its issuer is
/// that URL, so discovery, the JWKS and the token endpoint all point back at it.
/// </summary>
public abstract class LoopbackIssuerTests : IDisposable
{
    private int _port;

    protected LoopbackIssuerTests()
    {
        // A port free a moment ago can be taken by a parallel test (another assembly, another process) before
        // Kestrel binds it: then try another.
        for (var attempt = 1; ; attempt++)
        {
            _port = FreePort.Next();
            Factory = new JitServerFactory(new Dictionary<string, string?> { ["JitTokens:Issuer"] = Issuer });
            Factory.UseKestrel(_port);
            try
            {
                Factory.StartServer();
                break;
            }
            catch (IOException e) when (attempt < 5 && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                Factory.Dispose();
            }
        }

        Api = new Api(new HttpClient { BaseAddress = new Uri(Issuer) });
    }

    internal JitServerFactory Factory { get; private set; }

    internal Api Api { get; }

    protected string Issuer => $"http://127.0.0.1:{_port}";

    public void Dispose()
    {
        Api.Http.Dispose();
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }
}
