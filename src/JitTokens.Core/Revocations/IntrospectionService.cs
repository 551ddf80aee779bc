using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Core.Audit;
using JitTokens.Core.Storage;
using JitTokens.Core.Tokens;

namespace JitTokens.Core.Revocations;

/// <summary>
/// Token introspection (RFC 7662, DESIGN.md §3.5): whether an access token this issuer minted is active now, and
/// single-use consumption. Inactive covers every reason alike (unknown, foreign, tampered, expired, not yet valid,
/// revoked, its session ended, already consumed, outside the asking resource server's environments), so the answer
/// teaches a caller nothing beyond "do not accept it".
/// </summary>
internal sealed class IntrospectionService(IJitStore store, AccessTokenReader reader, IAuditSink audit, TimeProvider time)
{
    /// <summary>The answer for every token that must not be accepted.</summary>
    public static IntrospectionResponse Inactive { get; } = new() { Active = false };

    /// <summary>
    /// Introspects <paramref name="token"/> for <paramref name="actor"/>; only tokens of <paramref name="environments"/>
    /// can be active when that is given. With <paramref name="consume"/>, a <c>use: "once"</c> token is consumed: of
    /// any number of concurrent callers exactly one gets an active answer, and a <c>token.consumed</c> event is
    /// written before it (if the event cannot be written the caller gets <see cref="Errors.AuditUnavailableException"/>
    /// and the token stays consumed: fail closed). <paramref name="consume"/> on other tokens changes nothing.
    /// </summary>
    public async Task<IntrospectionResponse> IntrospectAsync(
        string? token, bool consume, IReadOnlySet<string>? environments, string actor, CallerContext caller, CancellationToken cancellationToken)
    {
        var claims = reader.Read(token);
        var now = time.GetUtcNow();
        var seconds = now.ToUnixTimeSeconds();
        if (claims is null || claims.Expires <= seconds || claims.NotBefore > seconds
            || (environments is not null && (claims.Environment is null || !environments.Contains(claims.Environment))))
        {
            return Inactive;
        }

        var record = await store.GetTokenAsync(claims.TokenId, cancellationToken).ConfigureAwait(false);
        if (record is null || record.RevokedAt is not null || record.SessionId != claims.SessionId)
        {
            return Inactive;
        }

        if (record.UseOnce)
        {
            if (!consume)
            {
                return record.ConsumedAt is null ? Active(claims) : Inactive;
            }

            if (await store.ConsumeTokenAsync(record.Id, now, cancellationToken).ConfigureAwait(false) != ConsumeOutcome.Consumed)
            {
                return Inactive;
            }

            await audit.AppendAsync(AuditEvents.Create(AuditEventTypes.TokenConsumed, now, actor, caller) with
            {
                SessionId = record.SessionId,
                Owner = record.Owner,
                Agent = record.Agent,
                Scope = record.Scope,
                Environment = record.Environment,
                Target = record.Target,
                TokenId = record.Id,
            }, CancellationToken.None).ConfigureAwait(false);
        }

        return Active(claims);
    }

    private static IntrospectionResponse Active(VerifiedAccessToken claims) => new()
    {
        Active = true,
        Scope = claims.Scope,
        ClientId = claims.ClientId,
        Sub = claims.Subject,
        Aud = claims.Audience,
        Exp = claims.Expires,
        Iat = claims.IssuedAt,
        Jti = claims.TokenId,
        Env = claims.Environment,
        Sid = claims.SessionId,
        Use = claims.Use,
        Target = claims.Target,
        TokenType = "Bearer",
    };
}
