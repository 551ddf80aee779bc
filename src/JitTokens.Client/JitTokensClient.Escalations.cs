using System.Globalization;
using System.Net;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Client;

/// <summary>Escalations (DESIGN.md §3.3): reading them, deciding them, and the agent's poll-and-redeem.</summary>
public sealed partial class JitTokensClient
{
    /// <summary>
    /// RFC 8628 §3.2: "If no value is provided, clients MUST use 5 as the default" — the poll
    /// interval when the caller resumes an escalation without the 202 answer that named one.
    /// </summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>GET /v1/escalations?status=pending&amp;limit=…</c>, newest first. With a session token
    /// (<paramref name="bearer"/>) the session's own escalations; with the human token of an
    /// approver, auditor or admin, everyone's. <paramref name="pendingOnly"/> leaves out decided,
    /// expired and cancelled ones; <paramref name="limit"/> (1–500) defaults to the server's 100.
    /// </summary>
    public Task<JitResult<EscalationList>> ListEscalationsAsync(string bearer, bool pendingOnly = false, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bearer);
        var query = new List<string>(2);
        if (pendingOnly)
        {
            query.Add("status=" + EscalationStatuses.Pending);
        }

        if (limit is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1, nameof(limit));
            query.Add("limit=" + max.ToString(CultureInfo.InvariantCulture));
        }

        var path = query.Count == 0 ? "v1/escalations" : "v1/escalations?" + string.Join('&', query);
        return SendAsync(new HttpRequestMessage(HttpMethod.Get, Url(path)), bearer, Expect(HttpStatusCode.OK, ClientJson.Reading.EscalationList), cancellationToken);
    }

    /// <summary><c>GET /v1/escalations/{id}</c> with the session token that asked, or the human token of an approver, auditor or admin (<paramref name="bearer"/>).</summary>
    public Task<JitResult<EscalationView>> GetEscalationAsync(string bearer, string escalationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bearer);
        ArgumentException.ThrowIfNullOrEmpty(escalationId);
        return SendAsync(new HttpRequestMessage(HttpMethod.Get, Url(EscalationPath(escalationId, null))), bearer, Expect(HttpStatusCode.OK, ClientJson.Reading.EscalationView), cancellationToken);
    }

    /// <summary>
    /// <c>POST /v1/escalations/{id}/approve</c> as the human of <paramref name="humanToken"/> (an
    /// approver of the scope's group who does not own the session): 200 with the escalation, still
    /// <c>pending</c> while more approvals are needed. Refusals: <c>self_approval_forbidden</c>,
    /// <c>not_an_approver</c>, <c>already_decided</c>, <c>access_denied</c> (no <c>jit.approver</c> role).
    /// <paramref name="comment"/>: at most 500 characters of one line, shown with the decision.
    /// </summary>
    public Task<JitResult<EscalationView>> ApproveEscalationAsync(string humanToken, string escalationId, string? comment = null, CancellationToken cancellationToken = default)
        => DecideAsync(humanToken, escalationId, "approve", comment, cancellationToken);

    /// <summary>
    /// <c>POST /v1/escalations/{id}/deny</c>: like <see cref="ApproveEscalationAsync"/>, but one
    /// denial decides. The agent's next poll gets <c>access_denied</c> naming who denied and why.
    /// </summary>
    public Task<JitResult<EscalationView>> DenyEscalationAsync(string humanToken, string escalationId, string? comment = null, CancellationToken cancellationToken = default)
        => DecideAsync(humanToken, escalationId, "deny", comment, cancellationToken);

    /// <summary>
    /// One <c>POST /v1/escalations/{id}/token</c> with the session token that asked: 201 with the
    /// token once approved (only once). Otherwise the problem says why not yet or never:
    /// <c>authorization_pending</c>, <c>slow_down</c>, <c>access_denied</c> (denied or cancelled),
    /// <c>expired_token</c>, <c>invalid_grant</c> (already redeemed). To wait for the decision use
    /// <see cref="WaitForTokenAsync(string, TokenEscalated, IProgress{EscalationProgress}?, CancellationToken)"/>.
    /// </summary>
    public Task<JitResult<TokenIssued>> RedeemEscalationAsync(string sessionToken, string escalationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionToken);
        ArgumentException.ThrowIfNullOrEmpty(escalationId);
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, Url(EscalationPath(escalationId, "token"))), sessionToken, Expect(HttpStatusCode.Created, ClientJson.Reading.TokenIssued), cancellationToken);
    }

    /// <summary>
    /// Waits for a human decision on the escalation of a 202 answer, polling
    /// <c>POST /v1/escalations/{id}/token</c> every <see cref="TokenEscalated.PollIntervalSeconds"/>
    /// (RFC 8628 §3.5), and returns the token once approved, or the final refusal
    /// (<c>access_denied</c>, <c>expired_token</c>, <c>invalid_grant</c>, <c>invalid_session</c>, …).
    /// <c>slow_down</c> lengthens the interval by the advertised interval for the rest of the wait.
    /// A failed poll that may pass (<c>unavailable</c>, <c>rate_limited</c>, no answer) is retried
    /// with a growing pause, up to the escalation's expiry; then its problem is returned.
    /// <paramref name="progress"/> hears the escalation after every poll that leaves it undecided
    /// and once after the token is issued, on the polling task (inline, in order).
    /// Cancelling <paramref name="cancellationToken"/> throws <see cref="OperationCanceledException"/>
    /// and leaves the escalation as it is on the server: it can be resumed by id.
    /// </summary>
    public Task<JitResult<TokenIssued>> WaitForTokenAsync(string sessionToken, TokenEscalated escalation, IProgress<EscalationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionToken);
        ArgumentNullException.ThrowIfNull(escalation);
        var interval = escalation.PollIntervalSeconds > 0 ? TimeSpan.FromSeconds(escalation.PollIntervalSeconds) : DefaultPollInterval;
        return new EscalationWaiter(this, _time, sessionToken, escalation.EscalationId, interval, escalation.ExpiresAt, progress).RunAsync(cancellationToken);
    }

    /// <summary>
    /// Like <see cref="WaitForTokenAsync(string, TokenEscalated, IProgress{EscalationProgress}?, CancellationToken)"/>
    /// for an escalation known only by id (resuming a wait): polls every <paramref name="pollInterval"/>,
    /// <see cref="DefaultPollInterval"/> (5 seconds) when null.
    /// </summary>
    public Task<JitResult<TokenIssued>> WaitForTokenAsync(string sessionToken, string escalationId, TimeSpan? pollInterval = null, IProgress<EscalationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionToken);
        ArgumentException.ThrowIfNullOrEmpty(escalationId);
        var interval = pollInterval ?? DefaultPollInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(pollInterval));
        return new EscalationWaiter(this, _time, sessionToken, escalationId, interval, null, progress).RunAsync(cancellationToken);
    }

    private Task<JitResult<EscalationView>> DecideAsync(string humanToken, string escalationId, string decision, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(humanToken);
        ArgumentException.ThrowIfNullOrEmpty(escalationId);

        // The body is optional (DESIGN.md §3.3): without a comment nothing is sent.
        var path = EscalationPath(escalationId, decision);
        var request = comment is null
            ? new HttpRequestMessage(HttpMethod.Post, Url(path))
            : Post(path, new DecisionRequest { Comment = comment }, JitJsonContext.Default.DecisionRequest);
        return SendAsync(request, humanToken, Expect(HttpStatusCode.OK, ClientJson.Reading.EscalationView), cancellationToken);
    }

    /// <summary>The escalation's relative path, its id escaped into one path segment, with an optional action segment.</summary>
    private static string EscalationPath(string escalationId, string? action)
        => "v1/escalations/" + Uri.EscapeDataString(escalationId) + (action is null ? "" : "/" + action);
}
