namespace JitTokens.Server.Tests.Infrastructure;

/// <summary>A fresh server per test class instance: tests never share state.</summary>
public abstract class ServerTestBase : IDisposable
{
    protected ServerTestBase()
    {
        Factory = new JitServerFactory();
        Api = new Api(Factory.CreateClient());
    }

    internal JitServerFactory Factory { get; }

    internal Api Api { get; }

    public void Dispose()
    {
        Api.Http.Dispose();
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }
}
