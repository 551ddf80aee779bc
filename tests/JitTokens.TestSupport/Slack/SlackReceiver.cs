using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace JitTokens.TestSupport.Slack;

/// <summary>
/// A stand-in for Slack on a loopback port: a real Kestrel server with an incoming webhook
/// (answers 200 <c>ok</c>) and <c>response_url</c>s (answer 200 <c>{"ok":true}</c>), like
/// hooks.slack.com. It records every POST, lets a test wait for one without sleeping, can go down
/// (<see cref="StopAsync"/>) and come back on the same port (<see cref="StartAsync"/>), or answer
/// with an error (<see cref="FailWith"/>). The click simulator (<see cref="BuildClick"/>,
/// <see cref="PostInteractionAsync"/>) signs like Slack, with its own HMAC code.
/// </summary>
public sealed partial class SlackReceiver : IAsyncDisposable
{
    public const string TeamId = "T0JIT";

    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly List<SlackPost> _posts = [];
    private readonly List<(Func<SlackPost, bool> Predicate, TaskCompletionSource<SlackPost> Done)> _waiters = [];
    private readonly HashSet<string> _responsePaths = new(StringComparer.Ordinal);
    private readonly string _webhookPath = $"/services/{TeamId}/B0JIT/{RandomPart(24)}";
    private readonly TimeProvider _time;
    private WebApplication? _app;
    private int _port;
    private HttpStatusCode? _failWith;
    private int? _failuresLeft;

    /// <param name="time">The clock that stamps <see cref="SlackPost.ReceivedAt"/>; default the system clock.</param>
    public SlackReceiver(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The loopback port; chosen at the first start and kept across <see cref="StopAsync"/> / <see cref="StartAsync"/>.</summary>
    public int Port => _port != 0 ? _port : throw new InvalidOperationException("The Slack receiver has not been started yet.");

    /// <summary>True between <see cref="StartAsync"/> and <see cref="StopAsync"/>.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _app is not null;
            }
        }
    }

    /// <summary>The incoming-webhook URL to configure as <c>JitTokens:Chat:WebhookUrl</c>.</summary>
    public string WebhookUrl => Origin + _webhookPath;

    /// <summary>Every POST so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<SlackPost> Posts
    {
        get
        {
            lock (_gate)
            {
                return [.. _posts];
            }
        }
    }

    private string Origin => "http://127.0.0.1:" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Creates a receiver and starts it on a free port.</summary>
    public static async Task<SlackReceiver> StartNewAsync(TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var receiver = new SlackReceiver(time);
        await receiver.StartAsync(cancellationToken);
        return receiver;
    }

    /// <summary>
    /// A new <c>response_url</c> on this receiver (<c>http://127.0.0.1:PORT/actions/T0JIT/…/…</c>), like the
    /// one Slack puts in each interaction payload. POSTs to it are recorded as <see cref="SlackPostKind.Response"/>.
    /// Needs a started receiver (the URL names its port).
    /// </summary>
    public string NewResponseUrl()
    {
        var path = $"/actions/{TeamId}/{RandomNumber()}/{RandomPart(24)}";
        lock (_gate)
        {
            _responsePaths.Add(path);
        }

        return Origin + path;
    }

    /// <summary>Starts listening: on a free port the first time, on the same port after <see cref="StopAsync"/>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _port));
        builder.WebHost.UseShutdownTimeout(ShutdownTimeout);
        var app = builder.Build();
        app.Run(HandleAsync);
        lock (_gate)
        {
            if (_app is not null)
            {
                throw new InvalidOperationException("The Slack receiver is already running.");
            }

            _app = app;
        }

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            lock (_gate)
            {
                _app = null;
            }

            await app.DisposeAsync();
            throw;
        }

        if (_port == 0)
        {
            _port = new Uri(app.Urls.Single()).Port;
        }
    }

    /// <summary>Goes down: the port refuses connections until <see cref="StartAsync"/>. Recorded posts are kept.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        WebApplication? app;
        lock (_gate)
        {
            app = _app;
            _app = null;
        }

        if (app is not null)
        {
            await app.StopAsync(cancellationToken);
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// Answers every POST with <paramref name="status"/> (e.g. 500, 503; 429 adds <c>Retry-After: 1</c>)
    /// instead of accepting it, for <paramref name="times"/> posts or until <see cref="Heal"/>. Failed
    /// posts are recorded, with their status.
    /// </summary>
    public void FailWith(HttpStatusCode status, int? times = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan((int)status, 400);
        lock (_gate)
        {
            _failWith = status;
            _failuresLeft = times;
        }
    }

    /// <summary>Accepts posts again after <see cref="FailWith"/>.</summary>
    public void Heal()
    {
        lock (_gate)
        {
            _failWith = null;
            _failuresLeft = null;
        }
    }

    /// <summary>
    /// The first accepted post (one Slack would show) matching <paramref name="predicate"/>, already
    /// received or arriving within <paramref name="timeout"/>; a <see cref="TimeoutException"/> listing
    /// what did arrive otherwise.
    /// </summary>
    public Task<SlackPost> WaitForAsync(Func<SlackPost, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
        => WaitForAttemptAsync(post => post.Accepted && predicate(post), timeout, cancellationToken);

    /// <summary>Like <see cref="WaitForAsync"/>, but also sees posts the receiver refused (<see cref="FailWith"/>, bad payloads).</summary>
    public async Task<SlackPost> WaitForAttemptAsync(Func<SlackPost, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource<SlackPost>(TaskCreationOptions.RunContinuationsAsynchronously);
        (Func<SlackPost, bool>, TaskCompletionSource<SlackPost>) waiter = (predicate, done);
        lock (_gate)
        {
            if (_posts.FirstOrDefault(p => Matches(predicate, p)) is { } received)
            {
                return received;
            }

            _waiters.Add(waiter);
        }

        try
        {
            return await done.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException e)
        {
            var posts = Posts;
            throw new TimeoutException(
                $"No matching Slack post within {timeout.TotalSeconds:0.#} s; {posts.Count} received:"
                + string.Concat(posts.Select(p => Environment.NewLine + "  " + p)), e);
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        lock (_gate)
        {
            foreach (var (_, done) in _waiters)
            {
                done.TrySetCanceled();
            }

            _waiters.Clear();
        }
    }

    /// <summary>A test's predicate that throws (say, on a message of another shape) just does not match.</summary>
    private static bool Matches(Func<SlackPost, bool> predicate, SlackPost post)
    {
        try
        {
            return predicate(post);
        }
#pragma warning disable CA1031 // Any failure of a test's predicate means "not this one".
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private static string RandomPart(int length)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return RandomNumberGenerator.GetString(Alphabet, length);
    }

    private static string RandomNumber() => RandomNumberGenerator.GetString("0123456789", 12);
}
