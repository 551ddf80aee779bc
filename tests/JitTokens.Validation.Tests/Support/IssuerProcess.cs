using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using JitTokens.Cli.Tests.Support;

namespace JitTokens.Validation.Tests.Support;

/// <summary>
/// The real, built issuer (<c>JitTokens.Server.dll --dev</c>) as a child process on a fixed free
/// loopback port, signing with a key the test holds (so tests can forge tokens the issuer would
/// sign), with a resource server registered for introspection and a fast keepalive. It can be
/// stopped (killed) and started again on the same port and key, as an operator restarting it would.
/// </summary>
public sealed class IssuerProcess : IAsyncDisposable
{
    /// <summary>The client id and secret of the resource server registered at the issuer.</summary>
    public const string ClientId = "volumes";

    public const string ClientSecret = "volumes-secret-0123456789abcdef0123456789";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _folder;
    private readonly StringBuilder _stderr = new();
    private readonly List<ECDsa> _keys = [];
    private Process? _process;

    private IssuerProcess(string folder, int port, ECDsa key)
    {
        _folder = folder;
        Url = new Uri($"http://127.0.0.1:{port}");
        _keys.Add(key);
    }

    /// <summary>The issuer URL (and <c>iss</c>), e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Url { get; }

    /// <summary><see cref="Url"/> as tokens carry it.</summary>
    public string Issuer => Url.GetLeftPart(UriPartial.Authority);

    /// <summary>The issuer's P-256 signing key: the newest one.</summary>
    public ECDsa Key => _keys[^1];

    /// <summary>Whether the process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What the server wrote on stderr so far, for failure messages.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>An issuer on a free port, started.</summary>
    public static async Task<IssuerProcess> StartAsync(CancellationToken cancellationToken)
    {
        var issuer = await PrepareAsync(cancellationToken);
        try
        {
            await issuer.RestartAsync(cancellationToken);
            return issuer;
        }
        catch
        {
            await issuer.DisposeAsync();
            throw;
        }
    }

    /// <summary>An issuer with its port and key chosen, not started yet (nothing listens on <see cref="Url"/>).</summary>
    public static async Task<IssuerProcess> PrepareAsync(CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("jit-validation-issuer-").FullName;
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Directory.CreateDirectory(Path.Combine(folder, "keys"));
        await File.WriteAllTextAsync(Path.Combine(folder, "keys", "20200101T000000Z.pem"), key.ExportPkcs8PrivateKeyPem(), cancellationToken);
        return new IssuerProcess(folder, FreePort.Next(), key);
    }

    /// <summary>Adds a new signing key, active from a second ago; the process signs with it from its next start.</summary>
    public async Task RotateKeyAsync(CancellationToken cancellationToken)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture) + ".pem";
        await File.WriteAllTextAsync(Path.Combine(_folder, "keys", name), key.ExportPkcs8PrivateKeyPem(), cancellationToken);
        _keys.Add(key);
    }

    /// <summary>Starts the process (again) on the same port and key, with an empty in-memory store; waits until it answers.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await StopAsync();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { RepositoryPaths.ServerDll, "--dev", "--urls", Issuer },
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment["JitTokens__Catalog__Path"] = RepositoryPaths.Catalog;
        start.Environment["JitTokens__SigningKeys__Path"] = Path.Combine(_folder, "keys");
        start.Environment["JitTokens__Audit__FilePath"] = Path.Combine(_folder, $"audit-{Guid.NewGuid():N}.ndjson");
        start.Environment[$"JitTokens__ResourceServers__{ClientId}__SecretSha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ClientSecret)));

        // Resource servers in these tests count the feed stale after 2 s of silence.
        start.Environment["JitTokens__RevocationFeed__KeepAliveInterval"] = "00:00:00.250";
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        await WaitUntilHealthyAsync(process, cancellationToken);
    }

    /// <summary>Kills the process (no graceful shutdown: open streams just break).</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
        _process = null;
    }

    private async Task WaitUntilHealthyAsync(Process process, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the issuer exited with {process.ExitCode} before answering /healthz:\n{Stderr}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening but slow to answer during start-up.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        throw new TimeoutException($"the issuer did not answer /healthz within {StartTimeout.TotalSeconds}s:\n{Stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _keys.ForEach(k => k.Dispose());
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
