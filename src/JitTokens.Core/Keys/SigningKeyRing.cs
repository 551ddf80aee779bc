using System.Collections.Immutable;

namespace JitTokens.Core.Keys;

/// <summary>
/// The issuer's signing keys over time. The active key is the newest one whose activation time
/// has passed. Keys that are not active yet are published already (so resource servers learn
/// them before the first token), and a key that was replaced stays published for
/// <c>retention</c> after its successor activated, which is longer than any token it signed
/// can live. A key whose file disappears is kept from memory until then.
/// </summary>
internal sealed class SigningKeyRing(TimeProvider time, TimeSpan retention)
{
    private readonly Lock _gate = new();
    private ImmutableArray<SigningKey> _keys = [];
    private volatile KeyRingSnapshot? _snapshot;

    /// <summary>The key to sign with now. Cheap: recomputed only when the ring changes or a key activates or retires.</summary>
    public SigningKey Active => Current.Active;

    /// <summary>
    /// Every key the ring holds, retired ones included while their file is in the key folder: what checks the
    /// issuer's own old signatures (audit checkpoints), never what is published.
    /// </summary>
    public ImmutableArray<SigningKey> Known => _keys;

    public KeyRingSnapshot Current
    {
        get
        {
            var snapshot = _snapshot;
            if (snapshot is not null && time.GetUtcNow() < snapshot.ValidUntil)
            {
                return snapshot;
            }

            lock (_gate)
            {
                return _snapshot = Compute(_keys, time.GetUtcNow());
            }
        }
    }

    /// <summary>
    /// Replaces the keys with <paramref name="keys"/> (e.g. a fresh read of the key folder), keeping
    /// any previously loaded key that has signed and may still have live tokens. Returns the keys
    /// kept from memory only, so the caller can warn about them.
    /// </summary>
    public IReadOnlyList<SigningKey> Load(IEnumerable<SigningKey> keys)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();

            // A re-read of an unchanged file yields the same key: keep the loaded instance (and its
            // per-thread signers) and drop the fresh copy.
            var loaded = _keys.ToDictionary(k => k.Kid, StringComparer.Ordinal);
            var incoming = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (loaded.TryGetValue(key.Kid, out var same) && same.ActivatesAt == key.ActivatesAt)
                {
                    if (!ReferenceEquals(key, same))
                    {
                        key.Dispose();
                    }

                    incoming[key.Kid] = same;
                }
                else
                {
                    incoming[key.Kid] = key;
                }
            }

            var kept = _keys.Where(k => !incoming.ContainsKey(k.Kid) && k.ActivatesAt <= now).ToList();
            var merged = incoming.Values.Concat(kept).OrderBy(k => k.ActivatesAt).ThenBy(k => k.Kid, StringComparer.Ordinal).ToImmutableArray();
            if (!merged.Any(k => k.ActivatesAt <= now))
            {
                throw new InvalidOperationException("no signing key is active yet: every key's activation time is in the future");
            }

            // Drop memory-only keys once retired, so a deleted file is eventually forgotten.
            var snapshot = Compute(merged, now);
            var stillKept = kept.Where(k => snapshot.Published.Contains(k)).ToList();
            _keys = [.. merged.Where(k => incoming.ContainsKey(k.Kid) || stillKept.Contains(k))];
            _snapshot = Compute(_keys, now);
            return stillKept;
        }
    }

    private KeyRingSnapshot Compute(ImmutableArray<SigningKey> keys, DateTimeOffset now)
    {
        if (keys.IsEmpty)
        {
            throw new InvalidOperationException("the signing key ring is empty");
        }

        var activeIndex = -1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i].ActivatesAt <= now)
            {
                activeIndex = i;
            }
        }

        if (activeIndex < 0)
        {
            // Nothing active yet (cannot happen after Load); sign with the earliest key rather than fail.
            activeIndex = 0;
        }

        var published = ImmutableArray.CreateBuilder<SigningKey>();
        var validUntil = DateTimeOffset.MaxValue;
        for (var i = 0; i < keys.Length; i++)
        {
            if (i < activeIndex)
            {
                var retiresAt = keys[i + 1].ActivatesAt + retention;
                if (now < retiresAt)
                {
                    published.Add(keys[i]);
                    validUntil = Min(validUntil, retiresAt);
                }
            }
            else
            {
                published.Add(keys[i]);
                if (i > activeIndex)
                {
                    validUntil = Min(validUntil, keys[i].ActivatesAt);
                }
            }
        }

        return new KeyRingSnapshot(keys[activeIndex], published.ToImmutable(), validUntil);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
