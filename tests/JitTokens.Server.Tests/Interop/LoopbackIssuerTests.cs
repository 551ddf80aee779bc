using JitTokens.Server.Tests.Infrastructure;

namespace JitTokens.Server.Tests.Interop;

/// <summary>
/// A server on a real loopback port, for clients outside .NET that reach it by URL (tests/interop): its issuer is
/// that URL, so discovery, the JWKS and the token endpoint all point back at it.
/// </summary>
public abstract class LoopbackIssuerTests : IDisposable
{
    private readonly int _port = FreePort.Next();

    protected LoopbackIssuerTests()
    {
        Factory = new JitServerFactory(new Dictionary<string, string?> { ["JitTokens:Issuer"] = Issuer });
        Factory.UseKestrel(_port);
        Factory.StartServer();
        Api = new Api(new HttpClient { BaseAddress = new Uri(Issuer) });
    }

    internal JitServerFactory Factory { get; }

    internal Api Api { get; }

    protected string Issuer => $"http://127.0.0.1:{_port}";

    public void Dispose()
    {
        Api.Http.Dispose();
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }
}
