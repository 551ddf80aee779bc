using JitTokens.Abstractions.Wire;
using JitTokens.Core.Tokens;

namespace JitTokens.Core.Audit;

/// <summary>
/// An issuance log that records each new token in the same atomic write as its <c>token.issued</c> event (the Redis log,
/// beside the Redis store): the token is stored exactly when its event is, and issuance costs one write instead of two.
/// </summary>
internal interface ITokenRecordingAuditLog : IAuditLog
{
    /// <summary>
    /// Like <see cref="IAuditLog.AppendAsync"/>, except that <paramref name="events"/>[i] is appended only if
    /// <paramref name="tokens"/>[i], when not null, can be recorded: its session still live (not ended, not expired by the
    /// token's own clock), judged as the store judges a new token. Refused events are left out and the rest linked
    /// without them. Returns what was appended and, for each event, whether it was.
    /// </summary>
    Task<(AuditBatch Chained, bool[] Appended)> AppendRecordingAsync(IReadOnlyList<AuditEvent> events, IReadOnlyList<NewToken?> tokens, CancellationToken cancellationToken);
}

/// <summary>A token to record with its event, and the issuer's clock when it was asked to (what its session is judged by).</summary>
internal sealed record NewToken(TokenRecord Token, DateTimeOffset Now);
