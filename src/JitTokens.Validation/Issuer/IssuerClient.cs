using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace JitTokens.Validation.Issuer;

/// <summary>
/// Every request the library makes to the issuer, over one pooled <see cref="HttpClient"/>. Each
/// call but the feed stream is bounded by <see cref="JitTokensOptions.BackchannelTimeout"/>; the
/// feed stream is bounded by its reader (it is meant to stay open).
/// </summary>
internal sealed class IssuerClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;
    private readonly string? _basicCredentials;

    public IssuerClient(IOptions<JitTokensOptions> options)
    {
        var o = options.Value;
        Issuer = IssuerUrl.Normalize(o.Issuer!);
        _timeout = o.BackchannelTimeout;
        _http = o.BackchannelHttpHandler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient(new SocketsHttpHandler
            {
                // Reconnects pick up DNS changes of the issuer.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = o.BackchannelTimeout,
            });
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("JitTokens.Validation", "1.0"));

        // RFC 6749 §2.3.1: client id and secret are form-encoded before they are joined and base64-encoded.
        if (!string.IsNullOrEmpty(o.ClientId) && !string.IsNullOrEmpty(o.ClientSecret))
        {
            _basicCredentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(
                WebUtility.UrlEncode(o.ClientId) + ":" + WebUtility.UrlEncode(o.ClientSecret)));
        }
    }

    /// <summary>The configured issuer without a trailing slash: what <c>iss</c> must be.</summary>
    public string Issuer { get; }

    /// <summary>Whether introspection credentials are configured (single-use tokens can be consumed).</summary>
    public bool CanIntrospect => _basicCredentials is not null;

    /// <summary>Reads discovery (RFC 8414 §3) and checks that it names this issuer (§3.3).</summary>
    public async Task<IssuerEndpoints> GetEndpointsAsync(CancellationToken cancellationToken)
    {
        var uri = new Uri(Issuer + "/.well-known/oauth-authorization-server");
        var metadata = await GetJsonAsync(uri, IssuerJsonContext.Default.MetadataDocument, cancellationToken).ConfigureAwait(false);
        if (metadata.Issuer is null || IssuerUrl.Normalize(metadata.Issuer) != Issuer)
        {
            throw new IssuerException($"{uri} names issuer '{metadata.Issuer}', not '{Issuer}' (RFC 8414 §3.3): check JitTokensOptions.Issuer against the issuer's JitTokens:Issuer");
        }

        return new IssuerEndpoints(
            Absolute(metadata.JwksUri, "jwks_uri") ?? throw new IssuerException($"{uri} has no jwks_uri"),
            Absolute(metadata.IntrospectionEndpoint, "introspection_endpoint"),
            Absolute(metadata.RevocationFeedEndpoint, "revocation_feed_endpoint") ?? new Uri(Issuer + "/v1/revocations"));
    }

    /// <summary>The ES256 (P-256) signing keys of the JWKS, by key id; other keys are ignored.</summary>
    public async Task<IReadOnlyDictionary<string, SecurityKey>> GetSigningKeysAsync(Uri jwks, CancellationToken cancellationToken)
    {
        var json = await GetStringAsync(jwks, cancellationToken).ConfigureAwait(false);
        JsonWebKeySet set;
        try
        {
            set = new JsonWebKeySet(json);
        }
        catch (ArgumentException e)
        {
            throw new IssuerException($"{jwks} is not a JWK set", e);
        }

        var keys = new Dictionary<string, SecurityKey>(StringComparer.Ordinal);
        foreach (var key in set.Keys)
        {
            if (key.Kty == JsonWebAlgorithmsKeyTypes.EllipticCurve && key.Crv == JsonWebKeyECTypes.P256
                && key.Use is null or JsonWebKeyUseNames.Sig && key.Alg is null or SecurityAlgorithms.EcdsaSha256
                && !string.IsNullOrEmpty(key.Kid) && !string.IsNullOrEmpty(key.X) && !string.IsNullOrEmpty(key.Y))
            {
                keys[key.Kid] = key;
            }
        }

        return keys;
    }

    /// <summary>The audience the catalog gives <paramref name="environment"/>.</summary>
    public async Task<string> GetAudienceAsync(string environment, CancellationToken cancellationToken)
    {
        var uri = new Uri(Issuer + "/v1/scopes");
        var catalog = await GetJsonAsync(uri, IssuerJsonContext.Default.CatalogDocument, cancellationToken).ConfigureAwait(false);
        var environments = catalog.Environments ?? [];
        return environments.TryGetValue(environment, out var found) && !string.IsNullOrEmpty(found.Audience)
            ? found.Audience
            : throw new IssuerException($"environment '{environment}' is not in the issuer's catalog ({uri} lists: {string.Join(", ", environments.Keys)}); fix JitTokensOptions.Environment");
    }

    /// <summary><c>GET {feed}?after=&amp;limit=</c>: entries after <paramref name="after"/> (from the start when null).</summary>
    public Task<RevocationPageDocument> GetRevocationsAsync(Uri feed, string? after, int limit, CancellationToken cancellationToken)
    {
        var query = "limit=" + limit.ToString(CultureInfo.InvariantCulture);
        if (after is not null)
        {
            query = "after=" + Uri.EscapeDataString(after) + "&" + query;
        }

        return GetJsonAsync(new UriBuilder(feed) { Query = query }.Uri, IssuerJsonContext.Default.RevocationPageDocument, cancellationToken);
    }

    /// <summary>
    /// Opens the Server-Sent Events stream of the feed, resuming after <paramref name="after"/> with
    /// <c>Last-Event-ID</c>. Returns once the headers arrived (bounded by the backchannel timeout); the caller owns the response.
    /// </summary>
    public async Task<HttpResponseMessage> OpenRevocationStreamAsync(Uri stream, string? after, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, stream);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (after is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", after);
        }

        var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            var status = response.StatusCode;
            response.Dispose();
            throw new IssuerException($"{stream} answered {(int)status} without an event stream");
        }

        return response;
    }

    /// <summary>
    /// <c>POST /oauth/introspect</c> with <c>consume=true</c> (RFC 7662 §2.1, DESIGN.md §3.5): whether
    /// this call consumed the single-use token. Throws <see cref="IssuerException"/> or
    /// <see cref="HttpRequestException"/> when the issuer did not answer.
    /// </summary>
    public async Task<IntrospectionDocument> ConsumeAsync(Uri introspection, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, introspection)
        {
            Content = new FormUrlEncodedContent([new("token", token), new("consume", "true")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _basicCredentials ?? throw new InvalidOperationException("no introspection credentials"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await ReadJsonAsync(request, IssuerJsonContext.Default.IntrospectionDocument, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> GetJsonAsync<T>(Uri uri, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await ReadJsonAsync(request, type, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> ReadJsonAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new IssuerException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}");
        }

        try
        {
            // The body is buffered already (ResponseContentRead), within the timeout.
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false)
                    ?? throw new IssuerException($"{request.RequestUri} answered null");
            }
        }
        catch (JsonException e)
        {
            throw new IssuerException($"{request.RequestUri} did not answer the expected JSON", e);
        }
    }

    private async Task<string> GetStringAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)
            : throw new IssuerException($"GET {uri} answered {(int)response.StatusCode}");
    }

    /// <summary>
    /// Sends within the backchannel timeout (headers only with <see cref="HttpCompletionOption.ResponseHeadersRead"/>,
    /// the whole body otherwise), turning that timeout into <see cref="TimeoutException"/> so callers tell it from shutdown.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            return await _http.SendAsync(request, completion, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{request.Method} {request.RequestUri} took longer than {_timeout.TotalSeconds:0.#} s", e);
        }
    }

    private Uri? Absolute(string? value, string member)
        => value is null ? null
            : Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri
            : throw new IssuerException($"the issuer's {member} '{value}' is not an absolute http(s) URL ({Issuer})");
}
