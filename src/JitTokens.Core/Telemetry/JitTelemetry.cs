using System.Diagnostics;

namespace JitTokens.Core.Telemetry;

/// <summary>
/// The issuer's <see cref="ActivitySource"/> and the names its spans and attributes use. Spans carry
/// ids (session, token, escalation) and catalog names, never a credential: no session token, JWT,
/// key, webhook URL or secret is ever an attribute. Starting a span costs nothing when nobody listens.
/// </summary>
internal static class JitTelemetry
{
    /// <summary>The name of both the ActivitySource and the Meter.</summary>
    public const string Name = "JitTokens";

    public static readonly ActivitySource Source = new(Name, typeof(JitTelemetry).Assembly.GetName().Version?.ToString(3));

    /// <summary>Span names: one per core operation or step (DESIGN.md §5's hot path is request → authenticate, decide, store, sign, audit).</summary>
    public static class Spans
    {
        public const string TokenRequest = "jittokens.token.request";
        public const string Authenticate = "jittokens.session.authenticate";
        public const string Decide = "jittokens.policy.decide";
        public const string StoreToken = "jittokens.store.add_token";
        public const string StoreEscalation = "jittokens.store.add_escalation";
        public const string Sign = "jittokens.token.sign";
        public const string AuditAppend = "jittokens.audit.append";
        public const string AuditCommit = "jittokens.audit.commit";
        public const string Redeem = "jittokens.escalation.redeem";
        public const string Decision = "jittokens.escalation.decide";
        public const string ChatDeliver = "jittokens.chat.deliver";
        public const string Revoke = "jittokens.token.revoke";
        public const string SessionStart = "jittokens.session.start";
        public const string SessionEnd = "jittokens.session.end";
        public const string RevocationFeedPublish = "jittokens.revocation_feed.publish";
    }

    /// <summary>Attribute (and metric tag) names.</summary>
    public static class Tags
    {
        public const string Scope = "jittokens.scope";
        public const string Environment = "jittokens.environment";
        public const string Decision = "jittokens.decision";
        public const string Error = "jittokens.error";
        public const string SessionId = "jittokens.session.id";
        public const string TokenId = "jittokens.token.id";
        public const string EscalationId = "jittokens.escalation.id";
        public const string Escalated = "jittokens.escalated";
        public const string Outcome = "jittokens.outcome";
        public const string Reason = "jittokens.reason";
        public const string Kind = "jittokens.kind";
        public const string BatchSize = "jittokens.audit.batch_size";
        public const string Count = "jittokens.count";
    }

    /// <summary>Values of <see cref="Tags.Decision"/>.</summary>
    public static class Decisions
    {
        public const string Issued = "issued";
        public const string Denied = "denied";
        public const string Escalated = "escalated";
    }

    /// <summary>Starts an internal span of the current trace (null, at no cost, when nobody listens).</summary>
    public static Activity? Start(string name) => Source.StartActivity(name, ActivityKind.Internal);

    /// <summary>Marks a span failed with a stable code (never a message that could carry input).</summary>
    public static void Fail(this Activity? activity, string code)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, code);
            activity.SetTag(Tags.Error, code);
        }
    }
}
