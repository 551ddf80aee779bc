using Microsoft.Extensions.Logging;

namespace JitTokens.Validation;

/// <summary>Every log line of the library (STYLE.md 12). Token ids and session ids only: never a token or secret.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "JitTokens issuer {Issuer} read: audience {Audience}, {KeyCount} signing key(s)", EventName = "IssuerLearned")]
    public static partial void IssuerLearned(ILogger logger, string issuer, string? audience, int keyCount);

    [LoggerMessage(2, LogLevel.Warning, "JitTokens issuer {Issuer} not usable yet, retrying (every token is refused meanwhile): {Reason}", EventName = "IssuerUnreachable")]
    public static partial void IssuerUnreachable(ILogger logger, string issuer, string reason);

    [LoggerMessage(3, LogLevel.Information, "JitTokens signing keys read: {KeyCount} ({Kids})", EventName = "KeysRead")]
    public static partial void KeysRead(ILogger logger, int keyCount, string kids);

    [LoggerMessage(4, LogLevel.Warning, "JitTokens signing keys could not be read again; keeping the known ones: {Reason}", EventName = "KeyRefreshFailed")]
    public static partial void KeyRefreshFailed(ILogger logger, string reason);

    [LoggerMessage(5, LogLevel.Debug, "Revocation feed caught up: {Read} entries read, cursor {Cursor}, {Held} held", EventName = "FeedCaughtUp")]
    public static partial void FeedCaughtUp(ILogger logger, int read, string cursor, int held);

    [LoggerMessage(6, LogLevel.Debug, "Revocation stream opened after {Cursor}", EventName = "FeedStreamOpened")]
    public static partial void FeedStreamOpened(ILogger logger, string cursor);

    [LoggerMessage(7, LogLevel.Information, "Revocation stream ended by the issuer; reconnecting", EventName = "FeedStreamEnded")]
    public static partial void FeedStreamEnded(ILogger logger);

    [LoggerMessage(8, LogLevel.Warning, "Revocation feed failed ({ExceptionType}: {Reason}); silent for {SilenceSeconds:0.0} s, reconnecting", EventName = "FeedFailed")]
    public static partial void FeedFailed(ILogger logger, string exceptionType, string reason, double silenceSeconds);

    [LoggerMessage(9, LogLevel.Debug, "Revocation applied: {Kind} {Id}", EventName = "RevocationApplied")]
    public static partial void RevocationApplied(ILogger logger, string kind, string id);

    [LoggerMessage(10, LogLevel.Warning, "Revocation feed entry of unknown kind {Kind} skipped", EventName = "UnknownRevocationKind")]
    public static partial void UnknownRevocationKind(ILogger logger, string kind);

    [LoggerMessage(11, LogLevel.Debug, "Revocations pruned: {Dropped} expired, {Held} held", EventName = "RevocationsPruned")]
    public static partial void RevocationsPruned(ILogger logger, int dropped, int held);

    [LoggerMessage(12, LogLevel.Information, "JitTokens request refused: {Reason} ({Status}) {Method} {Path}", EventName = "RequestRejected")]
    public static partial void RequestRejected(ILogger logger, string reason, int status, string method, string path);

    [LoggerMessage(13, LogLevel.Information, "Single-use token {TokenId} consumed", EventName = "SingleUseConsumed")]
    public static partial void SingleUseConsumed(ILogger logger, string tokenId);

    [LoggerMessage(14, LogLevel.Warning, "Single-use token {TokenId} could not be consumed: {Reason}", EventName = "SingleUseNotConsumed")]
    public static partial void SingleUseNotConsumed(ILogger logger, string tokenId, string reason);
}
