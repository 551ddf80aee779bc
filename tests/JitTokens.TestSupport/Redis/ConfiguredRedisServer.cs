using System.Diagnostics;
using System.Globalization;

namespace JitTokens.TestSupport.Redis;

/// <summary>
/// A real <c>redis-server</c> run from a configuration file's text (e.g. ops/redis/redis.conf with
/// its password placeholders filled in), on a free loopback port. As ops/redis/check does, only the
/// port, the data folder, the pid file and <c>daemonize no</c> are given on the command line; every
/// other setting (ACL, persistence) is the file's. The data folder outlives <see cref="KillAsync"/>,
/// so a restart replays what was persisted. Unlike <see cref="RedisServer"/>, commands run as an ACL
/// user, and every line the server printed is kept (<see cref="Output"/>). Disposing kills it.
/// </summary>
public sealed class ConfiguredRedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly string _binary;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("jit-redis-conf-");
    private readonly Lock _gate = new();
    private readonly List<string> _output = [];
    private readonly EventHandler _killOnExit;
    private Process? _process;

    private ConfiguredRedisServer(string binary, int port, string configuration)
    {
        _binary = binary;
        Port = port;
        Directory.CreateDirectory(DataDirectory);
        File.WriteAllText(ConfigPath, configuration);
        // A test run that ends without disposing (a crash, Ctrl+C) must not leave servers behind.
        _killOnExit = (_, _) => KillNow();
        AppDomain.CurrentDomain.ProcessExit += _killOnExit;
    }

    /// <summary>The loopback port; it stays the same across <see cref="KillAsync"/> / <see cref="StartAsync"/>.</summary>
    public int Port { get; }

    /// <summary>The folder given as <c>--dir</c>: the AOF and RDB files.</summary>
    public string DataDirectory => Path.Combine(_directory.FullName, "data");

    /// <summary>Every line redis-server printed since the first start, across restarts.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_gate)
            {
                return [.. _output];
            }
        }
    }

    private string ConfigPath => Path.Combine(_directory.FullName, "redis.conf");

    /// <summary>Writes <paramref name="configuration"/> to a temporary file, starts redis-server with it on a free port and waits until it is ready.</summary>
    public static async Task<ConfiguredRedisServer> StartNewAsync(string configuration, CancellationToken cancellationToken = default)
    {
        var binary = RedisServer.FindBinary();
        for (var attempt = 1; ; attempt++)
        {
            var server = new ConfiguredRedisServer(binary, RedisServer.FreePort(), configuration);
            try
            {
                await server.StartAsync(cancellationToken);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && server.Output.Any(l => l.Contains("Address already in use", StringComparison.Ordinal)))
            {
                // Another process took the port between our probe and redis-server's bind: try another.
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>Starts (or restarts, on the same port and data) the server and waits until it accepts connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(_binary)
            {
                ArgumentList =
                {
                    ConfigPath, "--port", Port.ToString(CultureInfo.InvariantCulture), "--dir", DataDirectory,
                    "--pidfile", Path.Combine(_directory.FullName, "redis.pid"), "--daemonize", "no",
                },
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
        }
        catch (TimeoutException e)
        {
            KillNow();
            throw new InvalidOperationException(Describe($"redis-server did not get ready within {StartTimeout.TotalSeconds:0} s"), e);
        }
    }

    /// <summary>SIGKILL, as ops/redis/check does: no shutdown save, only what was already persisted survives. Waits until it is gone.</summary>
    public async Task KillAsync()
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

    /// <summary>
    /// Runs one command as ACL user <paramref name="user"/> on a fresh connection of its own (AUTH, then the
    /// command). The reply is a string (simple or bulk), a long, an object?[] or null; an error reply throws
    /// InvalidOperationException with Redis's message.
    /// </summary>
    public Task<object?> ExecuteAsync(string user, string password, IReadOnlyList<string> command, CancellationToken cancellationToken = default)
        => RespClient.ExecuteAsAsync(Port, user, password, command, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= _killOnExit;
        await KillAsync();
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

    private async Task FailIfExitsAsync(Process process, TaskCompletionSource ready)
    {
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
            _output.Add(line);
        }

        if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    private string Describe(string what)
    {
        lock (_gate)
        {
            return $"{what} (port {Port}). Its last output:{Environment.NewLine}{string.Join(Environment.NewLine, _output.TakeLast(40))}";
        }
    }

    private void KillNow()
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
