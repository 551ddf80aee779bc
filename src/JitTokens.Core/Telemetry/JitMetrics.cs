using System.Diagnostics;
using System.Diagnostics.Metrics;
using JitTokens.Core.Catalog;

namespace JitTokens.Core.Telemetry;

/// <summary>
/// The issuer's metrics on the <c>JitTokens</c> meter. Every tag is bounded: scope and environment
/// are the catalog's own names (anything else a caller sent is counted as <see cref="Other"/>),
/// decisions, outcomes, reasons and error codes are fixed sets. No id, no agent or owner name and no
/// secret is ever a tag (ids belong on spans).
/// </summary>
internal sealed class JitMetrics
{
    /// <summary>The tag value for a scope or environment the catalog does not name.</summary>
    public const string Other = "_other";

    private readonly ScopeCatalog _catalog;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _issued;
    private readonly Histogram<double> _decisionTime;
    private readonly Counter<long> _revocations;
    private readonly Histogram<double> _auditWrite;
    private readonly Counter<long> _auditFailures;
    private readonly Counter<long> _chatFailures;
    private readonly Counter<long> _rateLimited;

    public JitMetrics(IMeterFactory meters, ScopeCatalog catalog)
    {
        _catalog = catalog;
        var meter = meters.Create(JitTelemetry.Name, typeof(JitMetrics).Assembly.GetName().Version?.ToString(3));
        _requests = meter.CreateCounter<long>(Names.TokenRequests, "{request}", "Token requests decided, by scope, environment and decision (issued, denied, escalated).");
        _issued = meter.CreateCounter<long>(Names.TokensIssued, "{token}", "Access tokens minted, by scope, environment and whether a human approved them.");
        _decisionTime = meter.CreateHistogram<double>(Names.EscalationDecisionTime, "s", "Time from an escalation's request to its final decision (approved, denied or expired).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600] });
        _revocations = meter.CreateCounter<long>(Names.Revocations, "{token}", "Access tokens revoked, by reason (revoked one by one, or with their session's end).");
        _auditWrite = meter.CreateHistogram<double>(Names.AuditWriteDuration, "s", "Time from handing an event to the issuance log to its durable commit (primary and mirror).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        _auditFailures = meter.CreateCounter<long>(Names.AuditWriteFailures, "{event}", "Events the issuance log could not confirm (their requests failed closed).");
        _chatFailures = meter.CreateCounter<long>(Names.ChatDeliveryFailures, "{delivery}", "Failed chat deliveries (each attempt), by message kind and reason.");
        _rateLimited = meter.CreateCounter<long>(Names.RateLimited, "{request}", "Requests refused with 429 rate_limited, by limit (session or human).");
    }

    /// <summary>The instrument names, for dashboards and tests.</summary>
    public static class Names
    {
        public const string TokenRequests = "jittokens.token.requests";
        public const string TokensIssued = "jittokens.tokens.issued";
        public const string EscalationDecisionTime = "jittokens.escalation.decision.duration";
        public const string Revocations = "jittokens.revocations";
        public const string AuditWriteDuration = "jittokens.audit.write.duration";
        public const string AuditWriteFailures = "jittokens.audit.write.failures";
        public const string ChatDeliveryFailures = "jittokens.chat.delivery.failures";
        public const string RateLimited = "jittokens.rate_limited";
    }

    public void TokenRequested(string? scope, string? environment, string decision, string? error = null)
    {
        if (!_requests.Enabled)
        {
            return; // the hot path builds no tags while nobody listens
        }

        var tags = new TagList
        {
            { JitTelemetry.Tags.Scope, ScopeTag(scope) },
            { JitTelemetry.Tags.Environment, EnvironmentTag(environment) },
            { JitTelemetry.Tags.Decision, decision },
        };
        if (error is not null)
        {
            tags.Add(JitTelemetry.Tags.Error, error);
        }

        _requests.Add(1, tags);
    }

    public void TokenIssued(string scope, string environment, bool escalated)
    {
        if (_issued.Enabled)
        {
            _issued.Add(1, new TagList
            {
                { JitTelemetry.Tags.Scope, ScopeTag(scope) },
                { JitTelemetry.Tags.Environment, EnvironmentTag(environment) },
                { JitTelemetry.Tags.Escalated, escalated },
            });
        }
    }

    /// <summary>An escalation was decided; <paramref name="outcome"/> is approved, denied or expired (nobody decided in time). Cancellations by a session's end are not decisions.</summary>
    public void EscalationDecided(string scope, string environment, string outcome, TimeSpan elapsed)
        => _decisionTime.Record(Math.Max(0, elapsed.TotalSeconds), new TagList
        {
            { JitTelemetry.Tags.Scope, ScopeTag(scope) },
            { JitTelemetry.Tags.Environment, EnvironmentTag(environment) },
            { JitTelemetry.Tags.Outcome, outcome },
        });

    /// <summary>Tokens revoked; <paramref name="reason"/> is <c>token_revoked</c> or <c>session_ended</c>.</summary>
    public void Revoked(int count, string reason)
    {
        if (count > 0)
        {
            _revocations.Add(count, new KeyValuePair<string, object?>(JitTelemetry.Tags.Reason, reason));
        }
    }

    public bool AuditWriteEnabled => _auditWrite.Enabled;

    public void AuditWritten(double seconds) => _auditWrite.Record(seconds);

    public void AuditFailed(int count) => _auditFailures.Add(count);

    /// <summary>A chat delivery attempt failed; <paramref name="reason"/> is a fixed word or an HTTP status code.</summary>
    public void ChatDeliveryFailed(string kind, string reason)
        => _chatFailures.Add(1, new TagList { { JitTelemetry.Tags.Kind, kind }, { JitTelemetry.Tags.Reason, reason } });

    /// <summary>A request was refused by a rate limit; <paramref name="limit"/> is <c>session</c> or <c>human</c>.</summary>
    public void RateLimited(string limit) => _rateLimited.Add(1, new KeyValuePair<string, object?>(JitTelemetry.Tags.Kind, limit));

    private string ScopeTag(string? scope) => scope is not null && _catalog.Scopes.ContainsKey(scope) ? scope : Other;

    private string EnvironmentTag(string? environment) => environment is not null && _catalog.Environments.ContainsKey(environment) ? environment : Other;
}
