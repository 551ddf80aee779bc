using JitTokens.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JitTokens.Storage.Redis;

/// <summary>
/// Owns the one <see cref="ConnectionMultiplexer"/> of the process (connected lazily, on first use, so
/// startup never blocks on Redis) and runs every store call under a bounded timeout, turning "Redis is
/// down, slow or refusing writes" into <see cref="StoreUnavailableException"/>. Disposed with the container.
/// </summary>
internal sealed class RedisConnection(IOptions<RedisStoreOptions> options, ILogger<RedisConnection> logger) : IDisposable
{
    /// <summary>
    /// Server errors that mean "cannot serve now", not "bad command": loading a dataset, a replica
    /// without its primary, read-only replica, a stuck script, out of memory, failed persistence.
    /// </summary>
    private static readonly string[] UnavailablePrefixes =
        ["LOADING", "MASTERDOWN", "READONLY", "BUSY", "OOM", "MISCONF", "NOREPLICAS", "CLUSTERDOWN", "TRYAGAIN"];

    private readonly Lock _gate = new();
    private readonly TimeSpan _timeout = options.Value.OperationTimeout;
    private Task<ConnectionMultiplexer>? _connecting;
    private ConnectionMultiplexer? _multiplexer;
    private bool _disposed;

    /// <summary>
    /// Runs <paramref name="operation"/> against the database, failing with
    /// <see cref="StoreUnavailableException"/> when Redis cannot be reached or does not answer within
    /// <see cref="RedisStoreOptions.OperationTimeout"/>. The timeout runs on the system clock, never on an
    /// injected (possibly manual) <see cref="TimeProvider"/>.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> operation, CancellationToken cancellationToken)
    {
        var call = RunCoreAsync(operation);
        try
        {
            return await call.WaitAsync(_timeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            // Also RedisTimeoutException, which derives from TimeoutException.
            Observe(call);
            throw new StoreUnavailableException($"Redis did not answer within {_timeout.TotalMilliseconds:0} ms.", e);
        }
        catch (RedisConnectionException e)
        {
            throw new StoreUnavailableException($"Redis is not reachable ({e.FailureType}).", e);
        }
        catch (RedisServerException e) when (IsUnavailable(e))
        {
            throw new StoreUnavailableException("Redis cannot serve requests now: " + FirstWord(e.Message) + ".", e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException("The Redis call was cancelled by the connection.");
        }
        catch (OperationCanceledException)
        {
            Observe(call);
            throw;
        }
    }

    public void Dispose()
    {
        ConnectionMultiplexer? multiplexer;
        lock (_gate)
        {
            _disposed = true;
            multiplexer = _multiplexer;
            Volatile.Write(ref _multiplexer, null);
        }

        multiplexer?.Close(allowCommandsToComplete: false);
        multiplexer?.Dispose();
    }

    /// <summary>
    /// Once connected, the operation's own task, with no lock and no extra state machine (this is the issuance hot
    /// path: every request passes here); before that, connects first. A synchronous throw becomes a faulted task, so
    /// <see cref="RunAsync{T}"/> maps it like any other failure.
    /// </summary>
    private Task<T> RunCoreAsync<T>(Func<IDatabase, Task<T>> operation)
    {
        if (Volatile.Read(ref _multiplexer) is not { } connected)
        {
            return ConnectThenRunAsync(operation);
        }

        try
        {
            return operation(connected.GetDatabase());
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }

    private async Task<T> ConnectThenRunAsync<T>(Func<IDatabase, Task<T>> operation)
    {
        var multiplexer = await ConnectOnceAsync().ConfigureAwait(false);
        return await operation(multiplexer.GetDatabase()).ConfigureAwait(false);
    }

    private Task<ConnectionMultiplexer> ConnectOnceAsync()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                _connecting = ConnectAsync();
            }

            return _connecting;
        }
    }

    /// <summary>The client's configuration: the operator's string, with what the store's behaviour depends on forced.</summary>
    internal static ConfigurationOptions ClientConfiguration(RedisStoreOptions options)
    {
        var configuration = ConfigurationOptions.Parse(options.Configuration ?? "");
        // Start (and stay up) while Redis is down; calls fail fast and the multiplexer reconnects on its own.
        configuration.AbortOnConnectFail = false;
        // While disconnected, fail each call at once (as StackExchange.Redis 1.x did) rather than queue it until the
        // timeout: a store outage answers 'unavailable' now, and nothing queued runs late after a reconnect.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "jittokens";
        // The client has a timeout of its own (5 s unless the string sets one). OperationTimeout is the bound
        // (RunAsync), so the client's must not be shorter: a call would fail early, naming the wrong limit.
        var bound = (int)Math.Ceiling(options.OperationTimeout.TotalMilliseconds) + 1000;
        if (configuration.AsyncTimeout < bound)
        {
            configuration.AsyncTimeout = bound;
        }

        return configuration;
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var configuration = ClientConfiguration(options.Value);
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        multiplexer.ConnectionFailed += (_, e) => Log.ConnectionFailed(logger, e.EndPoint, e.FailureType, e.Exception);
        multiplexer.ConnectionRestored += (_, e) => Log.ConnectionRestored(logger, e.EndPoint);
        lock (_gate)
        {
            if (!_disposed)
            {
                Volatile.Write(ref _multiplexer, multiplexer);
                return multiplexer;
            }
        }

        multiplexer.Dispose();
        throw new ObjectDisposedException(nameof(RedisConnection));
    }

    private static bool IsUnavailable(RedisServerException e)
        => UnavailablePrefixes.Any(p => e.Message.StartsWith(p, StringComparison.Ordinal));

    private static string FirstWord(string message)
    {
        var space = message.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? message : message[..space];
    }

    /// <summary>Keeps a call we stopped waiting for from surfacing later as an unobserved exception.</summary>
    private static void Observe(Task call)
        => call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
