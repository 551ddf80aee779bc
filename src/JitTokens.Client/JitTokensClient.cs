using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Client;

/// <summary>
/// A typed client for the JitTokens HTTP API (DESIGN.md §3) for agents and the <c>jit</c> CLI.
/// Every call returns a <see cref="JitResult{T}"/>: refusals carry the server's problem, and
/// network failures and timeouts become <c>unavailable</c> with status 0. Only cancellation through
/// the caller's <see cref="CancellationToken"/> throws (<see cref="OperationCanceledException"/>).
/// Credentials are sent per request and never appear in results' <c>ToString</c> or problems.
/// </summary>
public sealed partial class JitTokensClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    /// <summary>
    /// Wraps <paramref name="httpClient"/>, whose <see cref="HttpClient.BaseAddress"/> must be the
    /// issuer URL (for example <c>http://localhost:5080</c>). Its <see cref="HttpClient.Timeout"/>
    /// (100 seconds unless changed) bounds each call; the client never changes it. The client does
    /// not dispose <paramref name="httpClient"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The base address is missing or relative.</exception>
    public JitTokensClient(HttpClient httpClient)
        : this(httpClient, TimeProvider.System)
    {
    }

    /// <summary>
    /// Like <see cref="JitTokensClient(HttpClient)"/>, with the clock that times the waits between
    /// polls of <see cref="WaitForTokenAsync(string, TokenEscalated, IProgress{EscalationProgress}?, CancellationToken)"/>
    /// (<see cref="TimeProvider.System"/> in the other constructor).
    /// </summary>
    /// <exception cref="ArgumentException">The base address is missing or relative.</exception>
    public JitTokensClient(HttpClient httpClient, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        if (httpClient.BaseAddress is not { IsAbsoluteUri: true } baseAddress)
        {
            throw new ArgumentException("set HttpClient.BaseAddress to the issuer's absolute URL, e.g. http://localhost:5080", nameof(httpClient));
        }

        _http = httpClient;

        // Relative paths resolve under the base address only when it ends with a slash.
        Issuer = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
    }

    /// <summary>The issuer URL every request goes to, ending with a slash.</summary>
    public Uri Issuer { get; }

    /// <summary>
    /// <c>POST /dev/login</c> (DESIGN.md §4, dev servers only, loopback only): a human JWT for
    /// <paramref name="user"/> with <paramref name="roles"/>, or the server's default roles
    /// (<c>jit.requester</c> and <c>jit.approver</c>) when null.
    /// </summary>
    public Task<JitResult<DevLoginResponse>> DevLoginAsync(string user, IReadOnlyList<string>? roles = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var body = new DevLoginRequest { User = user, Roles = roles };
        return SendAsync(Post("dev/login", body, JitJsonContext.Default.DevLoginRequest), null, Expect(HttpStatusCode.OK, ClientJson.Reading.DevLoginResponse), cancellationToken);
    }

    /// <summary><c>POST /v1/sessions</c> as the human of <paramref name="humanToken"/>: 201 with the session token, shown only this once.</summary>
    public Task<JitResult<SessionStarted>> StartSessionAsync(string humanToken, StartSessionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(humanToken);
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(Post("v1/sessions", request, JitJsonContext.Default.StartSessionRequest), humanToken, Expect(HttpStatusCode.Created, ClientJson.Reading.SessionStarted), cancellationToken);
    }

    /// <summary><c>GET /v1/sessions/current</c>: the session of <paramref name="sessionToken"/>, without its token.</summary>
    public Task<JitResult<SessionView>> GetCurrentSessionAsync(string sessionToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionToken);
        return SendAsync(new HttpRequestMessage(HttpMethod.Get, Url("v1/sessions/current")), sessionToken, Expect(HttpStatusCode.OK, ClientJson.Reading.SessionView), cancellationToken);
    }

    /// <summary>
    /// <c>GET /v1/sessions?active=…</c>: the sessions the human may see (their own; every session
    /// for auditors and admins), newest first. <paramref name="activeOnly"/> leaves out ended and expired ones.
    /// </summary>
    public Task<JitResult<SessionList>> ListSessionsAsync(string humanToken, bool activeOnly = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(humanToken);
        var path = activeOnly ? "v1/sessions?active=true" : "v1/sessions?active=false";
        return SendAsync(new HttpRequestMessage(HttpMethod.Get, Url(path)), humanToken, Expect(HttpStatusCode.OK, ClientJson.Reading.SessionList), cancellationToken);
    }

    /// <summary>
    /// <c>DELETE /v1/sessions/current</c>: ends the session of <paramref name="sessionToken"/>,
    /// revoking its tokens and cancelling its escalations. Idempotent; <see cref="JitResult{T}.Value"/> is true on 204.
    /// </summary>
    public Task<JitResult<bool>> EndCurrentSessionAsync(string sessionToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionToken);
        return SendAsync(new HttpRequestMessage(HttpMethod.Delete, Url("v1/sessions/current")), sessionToken, ExpectNoContent, cancellationToken);
    }

    /// <summary>
    /// <c>POST /v1/sessions/current/heartbeat</c>: the session of <paramref name="sessionToken"/> is
    /// still held. Unless another heartbeat comes within <paramref name="withinSeconds"/> (5 to 3600;
    /// otherwise <c>invalid_request</c>), the issuer ends the session and revokes its tokens. An ended
    /// or expired session answers 401 <c>invalid_session</c>.
    /// </summary>
    public Task<JitResult<HeartbeatAccepted>> HeartbeatAsync(string sessionToken, int withinSeconds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionToken);
        var body = new HeartbeatRequest { WithinSeconds = withinSeconds };
        return SendAsync(Post("v1/sessions/current/heartbeat", body, JitJsonContext.Default.HeartbeatRequest), sessionToken, Expect(HttpStatusCode.OK, ClientJson.Reading.HeartbeatAccepted), cancellationToken);
    }

    /// <summary><c>DELETE /v1/sessions/{id}</c> as the session's owner or an admin. Idempotent; <see cref="JitResult{T}.Value"/> is true on 204.</summary>
    public Task<JitResult<bool>> EndSessionAsync(string humanToken, string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(humanToken);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return SendAsync(new HttpRequestMessage(HttpMethod.Delete, Url("v1/sessions/" + Uri.EscapeDataString(sessionId))), humanToken, ExpectNoContent, cancellationToken);
    }

    /// <summary>
    /// <c>POST /v1/tokens</c> with the session token: the token (201) or a pending escalation (202),
    /// as a <see cref="TokenOutcome"/>; refusals are problems (<c>scope_not_allowed</c>, <c>environment_not_allowed</c>, …).
    /// </summary>
    public Task<JitResult<TokenOutcome>> RequestTokenAsync(string sessionToken, TokenRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionToken);
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(Post("v1/tokens", request, JitJsonContext.Default.TokenRequest), sessionToken, ReadTokenOutcomeAsync, cancellationToken);
    }

    /// <summary><c>POST /v1/tokens?dry_run=true</c>: what a real request would get; nothing is minted or escalated, but the question is logged.</summary>
    public Task<JitResult<DryRunResult>> DryRunAsync(string sessionToken, TokenRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionToken);
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(Post("v1/tokens?dry_run=true", request, JitJsonContext.Default.TokenRequest), sessionToken, Expect(HttpStatusCode.OK, ClientJson.Reading.DryRunResult), cancellationToken);
    }

    /// <summary>
    /// <c>DELETE /v1/tokens/{id}</c> with the session token of the token's session, or the human
    /// token of its owner or an admin (<paramref name="bearer"/>). <see cref="JitResult{T}.Value"/> is true on 204.
    /// </summary>
    public Task<JitResult<bool>> RevokeTokenAsync(string bearer, string tokenId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bearer);
        ArgumentException.ThrowIfNullOrEmpty(tokenId);
        return SendAsync(new HttpRequestMessage(HttpMethod.Delete, Url("v1/tokens/" + Uri.EscapeDataString(tokenId))), bearer, ExpectNoContent, cancellationToken);
    }

    /// <summary><c>GET /v1/scopes</c>: the catalog's environments and scopes. No credential needed.</summary>
    public Task<JitResult<CatalogView>> GetScopesAsync(CancellationToken cancellationToken = default)
        => SendAsync(new HttpRequestMessage(HttpMethod.Get, Url("v1/scopes")), null, Expect(HttpStatusCode.OK, ClientJson.Reading.CatalogView), cancellationToken);

    private Uri Url(string relative) => new(Issuer, relative);

    private HttpRequestMessage Post<TBody>(string relative, TBody body, JsonTypeInfo<TBody> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, typeInfo));
        content.Headers.ContentType = Json;
        return new HttpRequestMessage(HttpMethod.Post, Url(relative)) { Content = content };
    }

    private async Task<JitResult<T>> SendAsync<T>(
        HttpRequestMessage request,
        string? bearer,
        Func<HttpResponseMessage, CancellationToken, Task<JitResult<T>?>> readSuccess,
        CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using (request)
        {
            if (bearer is not null)
            {
                if (BearerCredential.TryCreate(bearer) is not { } authorization)
                {
                    return JitResult.Failure<T>(ClientProblems.MalformedCredential(), 0);
                }

                request.Headers.Authorization = authorization;
            }

            try
            {
                using var response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    // A streamed answer's body is not covered by HttpClient.Timeout: bound reading the problem here.
                    using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    bounded.CancelAfter(completion == HttpCompletionOption.ResponseContentRead ? Timeout.InfiniteTimeSpan : _http.Timeout);
                    return JitResult.Failure<T>(await ResponseReader.ReadProblemAsync(response, bounded.Token).ConfigureAwait(false), (int)response.StatusCode);
                }

                return await readSuccess(response, cancellationToken).ConfigureAwait(false)
                    ?? JitResult.Failure<T>(ClientProblems.UnexpectedAnswer(response.StatusCode, "where the API defines another status"), (int)response.StatusCode);
            }
            catch (HttpRequestException e)
            {
                return JitResult.Failure<T>(ClientProblems.Unreachable(Issuer, e.Message), 0);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // HttpClient.Timeout elapsed: the caller did not cancel, the issuer did not answer in time.
                return JitResult.Failure<T>(ClientProblems.Unreachable(Issuer, $"no answer within {_http.Timeout.TotalSeconds:0.#} seconds"), 0);
            }
        }
    }

    private static Func<HttpResponseMessage, CancellationToken, Task<JitResult<T>?>> Expect<T>(HttpStatusCode status, JsonTypeInfo<T> typeInfo)
        => async (response, cancellationToken) => response.StatusCode == status
            ? await ResponseReader.ReadAsync(response, typeInfo, cancellationToken).ConfigureAwait(false)
            : null;

    private static Task<JitResult<bool>?> ExpectNoContent(HttpResponseMessage response, CancellationToken cancellationToken)
        => Task.FromResult(response.StatusCode == HttpStatusCode.NoContent ? JitResult.Success(true, 204) : null);

    private static async Task<JitResult<TokenOutcome>?> ReadTokenOutcomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        switch (response.StatusCode)
        {
            case HttpStatusCode.Created:
                var issued = await ResponseReader.ReadAsync(response, ClientJson.Reading.TokenIssued, cancellationToken).ConfigureAwait(false);
                return issued.IsSuccess ? JitResult.Success(TokenOutcome.FromIssued(issued.Value), issued.Status) : JitResult.Failure<TokenOutcome>(issued.Problem, issued.Status);
            case HttpStatusCode.Accepted:
                var escalated = await ResponseReader.ReadAsync(response, ClientJson.Reading.TokenEscalated, cancellationToken).ConfigureAwait(false);
                return escalated.IsSuccess ? JitResult.Success(TokenOutcome.FromEscalated(escalated.Value), escalated.Status) : JitResult.Failure<TokenOutcome>(escalated.Problem, escalated.Status);
            default:
                return null;
        }
    }
}
