using System.Collections.Concurrent;

namespace JitTokens.Validation.Revocation;

/// <summary>
/// The revoked token ids and ended session ids the feed listed, each kept until its
/// <c>expires_at</c> plus the clock skew: after that every token it could stop has expired anyway
/// and is refused by its lifetime, so memory stays bounded by what is live at the issuer.
/// </summary>
internal sealed class RevocationList
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _sessions = new(StringComparer.Ordinal);

    /// <summary>How many entries are held (tokens and sessions).</summary>
    public int Count => _tokens.Count + _sessions.Count;

    /// <summary>Adds one entry; returns false for a kind this version does not know (it is skipped).</summary>
    public bool Add(string kind, string id, DateTimeOffset expiresAt)
    {
        var map = kind switch
        {
            RevocationKinds.Token => _tokens,
            RevocationKinds.Session => _sessions,
            _ => null,
        };
        if (map is null)
        {
            return false;
        }

        map.AddOrUpdate(id, expiresAt, (_, held) => held > expiresAt ? held : expiresAt);
        return true;
    }

    /// <summary>Why a token with these ids must be refused, or null when the feed does not list it.</summary>
    public string? Check(string jti, string sid)
        => _tokens.ContainsKey(jti) ? JitRejectionReasons.Revoked
            : _sessions.ContainsKey(sid) ? JitRejectionReasons.SessionEnded
            : null;

    /// <summary>Drops the entries whose <c>expires_at</c> is more than <paramref name="skew"/> before <paramref name="now"/>; returns how many.</summary>
    public int Prune(DateTimeOffset now, TimeSpan skew)
        => Prune(_tokens, now - skew) + Prune(_sessions, now - skew);

    private static int Prune(ConcurrentDictionary<string, DateTimeOffset> map, DateTimeOffset before)
    {
        var dropped = 0;
        foreach (var (id, expiresAt) in map)
        {
            if (expiresAt < before && map.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, expiresAt)))
            {
                dropped++;
            }
        }

        return dropped;
    }
}
