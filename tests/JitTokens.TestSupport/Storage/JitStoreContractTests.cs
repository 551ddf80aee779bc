using JitTokens.Core.Escalations;
using JitTokens.Core.Outbox;
using JitTokens.Core.Sessions;
using JitTokens.Core.Storage;
using JitTokens.Core.Tokens;
using JitTokens.TestSupport.Clock;

namespace JitTokens.TestSupport.Storage;

/// <summary>
/// The one behaviour every <see cref="IJitStore"/> must have (STYLE.md 7). A store's test class
/// inherits this and says how to build the store on a given clock; every test here then runs
/// against it. Split by topic into partial files.
/// </summary>
public abstract partial class JitStoreContractTests
{
    private IJitStore? _store;

    /// <summary>The store's clock: tests move it, the store judges expiry by it.</summary>
    protected ManualTimeProvider Time { get; } = new();

    internal IJitStore Store => _store ??= CreateStore(Time);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>A new, empty store on <paramref name="time"/>. Called once per test, lazily.</summary>
    internal abstract IJitStore CreateStore(ManualTimeProvider time);

    /// <summary>Creates and stores a session created now, reachable by <c>hash-{id}</c>.</summary>
    internal async Task<SessionRecord> StartSessionAsync(TimeSpan? ttl = null, string owner = "alice", DateTimeOffset? createdAt = null)
    {
        var session = StoreRecords.Session(createdAt ?? Now, ttl, owner);
        await Store.CreateSessionAsync(session, HashOf(session), Ct);
        return session;
    }

    internal async Task<TokenRecord> AddTokenAsync(SessionRecord session, TimeSpan? ttl = null)
    {
        var token = StoreRecords.Token(session, Now, ttl);
        Assert.True(await Store.AddTokenAsync(token, Ct), "the session is live, so the token must be accepted");
        return token;
    }

    internal async Task<EscalationRecord> AddEscalationAsync(SessionRecord session, string status, TimeSpan? ttl = null)
    {
        var escalation = StoreRecords.Escalation(session, Now, ttl, status);
        Assert.True(await Store.AddEscalationAsync(escalation, null, Ct), "the session is live, so the escalation must be accepted");
        return escalation;
    }

    /// <summary>Every message due now (the claim leases them for a minute).</summary>
    internal async Task<IReadOnlyList<OutboxMessage>> ClaimAllAsync()
        => await Store.ClaimOutboxAsync(Now, TimeSpan.FromMinutes(1), 1000, Ct);

    internal static string HashOf(SessionRecord session) => "hash-" + session.Id;

    /// <summary>Structural equality: records holding ImmutableArray are not equal by reference.</summary>
    internal static void AssertSameRecord<T>(T expected, T? actual)
        where T : class
    {
        Assert.NotNull(actual);
        Assert.Equivalent(expected, actual, strict: true);
    }
}
