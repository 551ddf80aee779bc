using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

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
        var binary = FindBinary();
        for (var attempt = 1; ; attempt++)
        {
            var server = new ConfiguredRedisServer(binary, FreePort(), configuration);
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
    public async Task<object?> ExecuteAsync(string user, string password, IReadOnlyList<string> command, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encode(["AUTH", user, password]).Concat(Encode(command)).ToArray(), cancellationToken);
        var reader = new RespReader(stream);
        await reader.ReadReplyAsync(cancellationToken);
        return await reader.ReadReplyAsync(cancellationToken);
    }

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

    private static byte[] Encode(IReadOnlyList<string> command)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"*{command.Count}\r\n");
        foreach (var part in command)
        {
            text.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string FindBinary()
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
            "redis-server was not found (looked at $REDIS_SERVER, /usr/bin/redis-server and $PATH): run ops/test, which installs it, or 'apt-get install redis-server'.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

    /// <summary>RESP2 replies: string (simple or bulk), long (integer), object?[] (array), null (nil); an error reply throws.</summary>
    private sealed class RespReader(NetworkStream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        public async Task<object?> ReadReplyAsync(CancellationToken cancellationToken)
        {
            var line = await ReadLineAsync(cancellationToken);
            var rest = line[1..];
            switch (line[0])
            {
                case '+':
                    return rest;
                case '-':
                    throw new InvalidOperationException("Redis answered with an error: " + rest);
                case ':':
                    return long.Parse(rest, CultureInfo.InvariantCulture);
                case '$':
                    var length = int.Parse(rest, CultureInfo.InvariantCulture);
                    return length < 0 ? null : Encoding.UTF8.GetString(await ReadExactlyAsync(length + 2, cancellationToken), 0, length);
                case '*':
                    var count = int.Parse(rest, CultureInfo.InvariantCulture);
                    if (count < 0)
                    {
                        return null;
                    }

                    var items = new object?[count];
                    for (var i = 0; i < count; i++)
                    {
                        items[i] = await ReadReplyAsync(cancellationToken);
                    }

                    return items;
                default:
                    throw new InvalidOperationException("Not a RESP2 reply: " + line);
            }
        }

        private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var end = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (end > _start && _buffer[end - 1] == '\r')
                {
                    var line = Encoding.UTF8.GetString(_buffer, _start, end - 1 - _start);
                    _start = end + 1;
                    return line;
                }

                await FillAsync(cancellationToken);
            }
        }

        private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
        {
            var result = new byte[count];
            var copied = 0;
            while (copied < count)
            {
                if (_start == _end)
                {
                    await FillAsync(cancellationToken);
                }

                var n = Math.Min(count - copied, _end - _start);
                Array.Copy(_buffer, _start, result, copied, n);
                _start += n;
                copied += n;
            }

            return result;
        }

        private async Task FillAsync(CancellationToken cancellationToken)
        {
            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new InvalidOperationException("A RESP line is longer than the test client's buffer.");
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            _end += read > 0 ? read : throw new EndOfStreamException("Redis closed the connection mid-reply.");
        }
    }
}
