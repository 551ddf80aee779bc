using System.Collections.Concurrent;
using System.Diagnostics;

namespace JitTokens.Server.Tests.Infrastructure;

/// <summary>
/// The built server as its own process in dev mode on a loopback port (the example catalog, plus the
/// environment given), started and waited for until <c>/readyz</c> answers; its output is kept. For tests
/// that signal or kill the process, which an in-process host cannot show.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly ConcurrentQueue<string> _output = new();

    private ServerProcess(Process process, HttpClient http)
    {
        Process = process;
        Http = http;
    }

    public Process Process { get; }

    /// <summary>A client of the server's base URL (20 s timeout).</summary>
    public HttpClient Http { get; }

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _output);

    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet", [ServerBinary.Path, "--dev", "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["JitTokens__Catalog__Path"] = RepoPaths.Scopes;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var server = new ServerProcess(Process.Start(start)!, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) });
        server.Process.OutputDataReceived += (_, e) => server._output.Enqueue(e.Data ?? "");
        server.Process.ErrorDataReceived += (_, e) => server._output.Enqueue(e.Data ?? "");
        server.Process.BeginOutputReadLine();
        server.Process.BeginErrorReadLine();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            while (!await server.IsReadyAsync(timeout.Token))
            {
                Assert.False(server.Process.HasExited, "the server exited before it was ready:\n" + server.Output);
                await Task.Delay(20, timeout.Token);
            }

            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Kills the process if it still runs.</summary>
    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Http.Dispose();
        Process.Dispose();
    }

    private async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var ready = await Http.GetAsync("/readyz", cancellationToken);
            return ready.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
