using System.Collections.Concurrent;

namespace JitTokens.Core.Sessions;

/// <summary>
/// Sessions by token hash, so the issuance hot path does not read the session from the store on
/// every request. Safe because a session's grant never changes: the only change, ending it, is
/// re-checked atomically by the store when the token is recorded (<see cref="Storage.IJitStore.AddTokenAsync"/>).
/// Bounded: when full it is cleared rather than grown.
/// </summary>
internal sealed class SessionCache(TimeProvider time)
{
    private const int Capacity = 100_000;
    private readonly ConcurrentDictionary<string, SessionRecord> _byHash = new(StringComparer.Ordinal);

    public SessionRecord? Get(string tokenHash)
    {
        if (!_byHash.TryGetValue(tokenHash, out var session))
        {
            return null;
        }

        if (!session.IsActiveAt(time.GetUtcNow()))
        {
            _byHash.TryRemove(tokenHash, out _);
            return null;
        }

        return session;
    }

    public void Add(string tokenHash, SessionRecord session)
    {
        if (_byHash.Count >= Capacity)
        {
            _byHash.Clear();
        }

        _byHash[tokenHash] = session;
    }

    public void Remove(string tokenHash) => _byHash.TryRemove(tokenHash, out _);

    /// <summary>Drops every entry of <paramref name="sessionId"/>; used when a session is ended by id.</summary>
    public void RemoveSession(string sessionId)
    {
        foreach (var (hash, session) in _byHash)
        {
            if (session.Id == sessionId)
            {
                _byHash.TryRemove(hash, out _);
            }
        }
    }
}
