using JitTokens.Client;

namespace JitTokens.Cli;

/// <summary>Where the issuer is and how jit talks to it: bounded in time, so jit never hangs.</summary>
internal static class IssuerConnection
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>Every call, including reading the answer, ends within this time (then exit 5).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary><c>--url</c>, else <c>$JIT_URL</c>, else the dev server's default; null when that is not an absolute http(s) URL.</summary>
    public static Uri? ResolveUrl(string? option, CliContext context)
    {
        var text = string.IsNullOrWhiteSpace(option) ? context.Env(EnvironmentVariables.Url) ?? DefaultUrl : option.Trim();
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : null;
    }

    /// <summary>
    /// An HttpClient for one run. Redirects are not followed: the API never redirects, and a
    /// redirect would carry a request body (a purpose, a session start) somewhere else.
    /// </summary>
    public static HttpClient CreateHttpClient(Uri url) => new(new SocketsHttpHandler
    {
        ConnectTimeout = ConnectTimeout,
        AllowAutoRedirect = false,
    })
    {
        BaseAddress = url,
        Timeout = Timeout,
    };

    /// <summary>Resolves the URL, opens a client, runs <paramref name="action"/> with it; a bad URL is a usage error.</summary>
    public static async Task<int> WithClientAsync(CliContext context, string? urlOption, Func<JitTokensClient, Task<int>> action)
    {
        if (ResolveUrl(urlOption, context) is not { } url)
        {
            return await Output.Reporter.UsageAsync(context, $"the issuer URL must be an absolute http or https URL (--url or ${EnvironmentVariables.Url})");
        }

        if (url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback)
        {
            // Like Vault's CLI we still connect, but nobody should send credentials in clear by accident.
            await context.Error.WriteLineAsync($"jit: warning: {url.GetLeftPart(UriPartial.Authority)} is plain http; tokens travel unencrypted. Use https for anything but a local dev server.");
        }

        using var http = context.Handler is { } handler
            ? new HttpClient(handler, disposeHandler: false) { BaseAddress = url, Timeout = Timeout }
            : CreateHttpClient(url);
        return await action(new JitTokensClient(http, context.Time));
    }
}
