namespace JitTokens.Server;

/// <summary>Every log line of the server (STYLE.md 12). Never a token, session token, key or secret.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Token store unavailable: {Reason}", EventName = "StoreUnavailable")]
    public static partial void StoreUnavailable(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Error, "Audit log unavailable: {Reason}", EventName = "AuditUnavailable")]
    public static partial void AuditUnavailable(ILogger logger, string reason);

    [LoggerMessage(3, LogLevel.Error, "Unhandled {ExceptionType} at {StackTrace}", EventName = "UnhandledException")]
    public static partial void UnhandledException(ILogger logger, string exceptionType, string stackTrace);

    [LoggerMessage(4, LogLevel.Information, "Signing key ring reloaded: active {ActiveKid}, {PublishedCount} published", EventName = "SigningKeysReloaded")]
    public static partial void SigningKeysReloaded(ILogger logger, string activeKid, int publishedCount);

    [LoggerMessage(5, LogLevel.Warning, "Signing key {Kid} ({Source}) is no longer on disk but is still published from memory until its tokens have expired", EventName = "SigningKeyKeptFromMemory")]
    public static partial void SigningKeyKeptFromMemory(ILogger logger, string kid, string source);

    [LoggerMessage(6, LogLevel.Error, "Signing key reload failed; keeping the current keys: {Reason}", EventName = "SigningKeyReloadFailed")]
    public static partial void SigningKeyReloadFailed(ILogger logger, string reason);

    [LoggerMessage(8, LogLevel.Warning, "Escalation {EscalationId} is waiting for a human: {Scope} in {Environment} for agent {Agent} (owner {Owner}); needs {Approvals} approval(s) from group {Group}. A member approves with: jit approve {EscalationId} (or deny with: jit deny {EscalationId})", EventName = "EscalationPending")]
    public static partial void EscalationPending(ILogger logger, string escalationId, string scope, string environment, string agent, string owner, int approvals, string group);

    [LoggerMessage(9, LogLevel.Information, "Human authentication failed: {Reason}", EventName = "HumanAuthenticationFailed")]
    public static partial void HumanAuthenticationFailed(ILogger logger, string reason);

    [LoggerMessage(10, LogLevel.Warning, "Chat interaction refused: signature {Check}", EventName = "ChatSignatureRejected")]
    public static partial void ChatSignatureRejected(ILogger logger, string check);

    [LoggerMessage(11, LogLevel.Warning, "Chat interaction carried a response_url on another host than the webhook; it is ignored", EventName = "ChatResponseUrlRefused")]
    public static partial void ChatResponseUrlRefused(ILogger logger);

    [LoggerMessage(12, LogLevel.Warning, "Chat delivery of {Kind} for {EscalationId} failed ({Reason}); attempt {Attempt}, next in {RetryInSeconds} s", EventName = "ChatDeliveryFailed")]
    public static partial void ChatDeliveryFailed(ILogger logger, string kind, string escalationId, string reason, int attempt, double retryInSeconds);

    [LoggerMessage(13, LogLevel.Information, "Chat delivered {Kind} for {EscalationId}", EventName = "ChatDelivered")]
    public static partial void ChatDelivered(ILogger logger, string kind, string escalationId);

    [LoggerMessage(14, LogLevel.Warning, "Background {Worker} pass failed: {Reason}", EventName = "BackgroundPassFailed")]
    public static partial void BackgroundPassFailed(ILogger logger, string worker, string reason);

    [LoggerMessage(15, LogLevel.Information, "Escalation {EscalationId}: {Status} by {Actor}", EventName = "EscalationDecided")]
    public static partial void EscalationDecided(ILogger logger, string escalationId, string status, string actor);
}
