using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace JitTokens.TestSupport.Redis;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, without persistence, in a temporary folder.
/// It can be stopped (killed, like a crash), started again on the same port, and paused (alive but
/// not answering) for outage tests. Disposing kills it. A missing binary is a failure, never a skip.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly string _binary;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("jit-redis-");
    private readonly Lock _gate = new();
    private readonly Queue<string> _output = new();
    private readonly EventHandler _killOnExit;
    private Process? _process;

    private RedisServer(string binary, int port)
    {
        _binary = binary;
        Port = port;
        // A test run that ends without disposing (a crash, Ctrl+C) must not leave servers behind.
        _killOnExit = (_, _) => Kill();
        AppDomain.CurrentDomain.ProcessExit += _killOnExit;
    }

    /// <summary>The loopback port; it stays the same across <see cref="StopAsync"/> / <see cref="StartAsync"/>.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for this server (<c>127.0.0.1:port</c>).</summary>
    public string Configuration => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts a new server on a free port and waits until it answers PING.</summary>
    public static async Task<RedisServer> StartNewAsync(CancellationToken cancellationToken = default)
    {
        var binary = FindBinary();
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer(binary, FreePort());
            try
            {
                await server.StartAsync(cancellationToken);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && server.OutputContains("Address already in use"))
            {
                // Another process took the port between our probe and redis-server's bind: try another.
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>A key prefix no other test uses, so tests can share one server.</summary>
    public static string NewKeyPrefix() => "t" + Guid.NewGuid().ToString("N")[..16] + ":";

    /// <summary>Starts (or restarts) the server on <see cref="Port"/> and waits until it answers PING.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(_binary)
            {
                ArgumentList = { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory.FullName, "--logfile", "" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
            EnableRaisingEvents = true,
        };
        process.OutputDataReceived += (_, e) => OnOutput(e.Data, ready);
        process.ErrorDataReceived += (_, e) => OnOutput(e.Data, ready);
        lock (_gate)
        {
            if (_process is { HasExited: false })
            {
                throw new InvalidOperationException("This redis-server is already running.");
            }

            _output.Clear();
            _process?.Dispose();
            process.Start();
            _process = process;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = FailIfExitsAsync(process, ready);
        try
        {
            await ready.Task.WaitAsync(StartTimeout, cancellationToken);
            await PingAsync(cancellationToken);
        }
        catch (TimeoutException e)
        {
            Kill();
            throw new InvalidOperationException(Describe($"redis-server did not get ready within {StartTimeout.TotalSeconds:0} s"), e);
        }
    }

    /// <summary>Kills the server (like a crash: data and script cache are lost) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        Process? process;
        lock (_gate)
        {
            process = _process;
        }

        if (process is null || process.HasExited)
        {
            return;
        }

        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open but nothing answers, like a hung host.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>Lets a paused server run again (SIGCONT).</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    /// <summary>Sends PING and expects PONG.</summary>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        var reply = await ExecuteAsync(["PING"], cancellationToken);
        if (!"PONG".Equals(reply))
        {
            throw new InvalidOperationException($"redis-server on port {Port} answered PING with '{reply}'.");
        }
    }

    /// <summary>
    /// Runs one command on a fresh connection of its own (so it adds no background traffic), e.g.
    /// <c>ExecuteAsync(["SCRIPT", "FLUSH"])</c>. The reply is a string (simple or bulk), a long
    /// (integer), an object?[] (array) or null (nil); an error reply throws InvalidOperationException.
    /// </summary>
    public Task<object?> ExecuteAsync(IReadOnlyList<string> command, CancellationToken cancellationToken = default)
        => RespClient.ExecuteAsync(Port, command, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= _killOnExit;
        await StopAsync();
        lock (_gate)
        {
            _process?.Dispose();
            _process = null;
        }

        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test run for.
        }
    }

    /// <summary>The redis-server binary: <c>$REDIS_SERVER</c>, <c>/usr/bin/redis-server</c> or the first on <c>$PATH</c>.</summary>
    internal static string FindBinary()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("REDIS_SERVER") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        candidates.Add("/usr/bin/redis-server");
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "redis-server")));
        return candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            "redis-server was not found (looked at $REDIS_SERVER, /usr/bin/redis-server and $PATH). The Redis tests need a real " +
            "redis-server: run ops/test, which installs it, or install it yourself with 'apt-get install redis-server'.");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task SignalAsync(string signal)
    {
        int pid;
        lock (_gate)
        {
            pid = _process is { HasExited: false } p ? p.Id : throw new InvalidOperationException("redis-server is not running.");
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {pid} failed with exit code {kill.ExitCode}.");
        }
    }

    private async Task FailIfExitsAsync(Process process, TaskCompletionSource ready)
    {
        // Waits for the output to be read to its end too, so the message below holds redis-server's reason.
        await process.WaitForExitAsync();
        if (!ready.Task.IsCompleted)
        {
            ready.TrySetException(new InvalidOperationException(Describe("redis-server exited while starting")));
        }
    }

    private void OnOutput(string? line, TaskCompletionSource ready)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Enqueue(line);
            while (_output.Count > 40)
            {
                _output.Dequeue();
            }
        }

        if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    private bool OutputContains(string text)
    {
        lock (_gate)
        {
            return _output.Any(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    private string Describe(string what)
    {
        lock (_gate)
        {
            return $"{what} (port {Port}). Its last output:{Environment.NewLine}{string.Join(Environment.NewLine, _output)}";
        }
    }

    private void Kill()
    {
        try
        {
            lock (_gate)
            {
                if (_process is { HasExited: false } process)
                {
                    process.Kill();
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
