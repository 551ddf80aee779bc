using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;
using JitTokens.TestSupport.Slack;

namespace JitTokens.Server.Tests.Chat;

/// <summary>
/// A server with chat on, talking to a local receiver that behaves like Slack. The server's outbox
/// is polled every 50 ms and its expiry sweep runs every 100 ms, so tests wait on events, not sleeps.
/// </summary>
public abstract class ChatTestBase(RedisServerFixture? redis) : IAsyncLifetime
{
    public const string SigningSecret = "8f742231b10e8888abcd99edabcdef85";

    private JitServerFactory? _factory;
    private Api? _api;

    internal SlackReceiver Slack { get; private set; } = null!;

    internal JitServerFactory Factory => _factory ?? throw new InvalidOperationException("not started");

    internal Api Api => _api ?? throw new InvalidOperationException("not started");

    internal string KeyPrefix { get; } = RedisServerFixture.NewKeyPrefix();

    internal RedisServerFixture? Redis => redis;

    protected static TimeSpan Patience => TimeSpan.FromSeconds(15);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Slack = await SlackReceiver.StartNewAsync(cancellationToken: Ct);
        (_factory, _api) = StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        _api?.Http.Dispose();
        _factory?.Dispose();
        await Slack.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Another server on the same store (Redis: the same key prefix) and the same chat settings.</summary>
    internal (JitServerFactory Factory, Api Api) StartServer(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["JitTokens:Chat:WebhookUrl"] = Slack.WebhookUrl,
            ["JitTokens:Chat:SigningSecret"] = SigningSecret,
            ["JitTokens:Chat:PollInterval"] = "00:00:00.05",
            ["JitTokens:EscalationSweepInterval"] = "00:00:00.1",
        };
        if (redis is not null)
        {
            settings["JitTokens:Redis:Configuration"] = redis.Configuration;
            settings["JitTokens:Redis:KeyPrefix"] = KeyPrefix;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var factory = new JitServerFactory(settings);
        return (factory, new Api(factory.CreateClient()));
    }

    /// <summary>Replaces the default server (e.g. to add settings) before anything happened on it.</summary>
    internal void RestartWith(IDictionary<string, string?> extra)
    {
        _api?.Http.Dispose();
        _factory?.Dispose();
        (_factory, _api) = StartServer(extra);
    }

    /// <summary>Clicks a button as Slack user <paramref name="userId"/>, signed like Slack at the server's clock.</summary>
    internal async Task<(HttpResponseMessage Response, string ResponseUrl)> ClickAsync(string userId, string actionId, string escalationId, Api? api = null, JitServerFactory? factory = null)
    {
        var responseUrl = Slack.NewResponseUrl();
        var body = SlackReceiver.BuildClick(userId, actionId, escalationId, responseUrl);
        var response = await SlackReceiver.PostInteractionAsync((api ?? Api).Http, SigningSecret, body, (factory ?? Factory).Time.GetUtcNow(), cancellationToken: Ct);
        return (response, responseUrl);
    }

    /// <summary>The approval request for <paramref name="escalationId"/>, once the server has posted it.</summary>
    internal Task<SlackPost> RequestPostedAsync(string escalationId)
        => Slack.WaitForAsync(p => p.Kind == SlackPostKind.Webhook && p.ButtonValues.Contains(escalationId), Patience, Ct);

    /// <summary>The first post to <paramref name="responseUrl"/> whose text contains <paramref name="text"/>.</summary>
    internal Task<SlackPost> PostedToAsync(string responseUrl, string text)
        => Slack.WaitForAsync(p => responseUrl.EndsWith(p.Path, StringComparison.Ordinal) && (p.Body.Contains(text, StringComparison.Ordinal)), Patience, Ct);

    /// <summary>Waits until the server logged a line containing <paramref name="text"/> (e.g. a failed delivery, once rescheduled).</summary>
    internal async Task WaitForLogAsync(string text, JitServerFactory? factory = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Patience);
        while (!(factory ?? Factory).Logs.Lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds (for work the server finishes in the background).</summary>
    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Patience);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
