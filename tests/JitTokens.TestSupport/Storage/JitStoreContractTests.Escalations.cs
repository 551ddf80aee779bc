using JitTokens.Abstractions.Wire;
using JitTokens.Core.Storage;

namespace JitTokens.TestSupport.Storage;

public abstract partial class JitStoreContractTests
{
    [Theory]
    [InlineData(EscalationStatuses.Pending)]
    [InlineData(EscalationStatuses.Approved)]
    [InlineData(EscalationStatuses.Denied)]
    public async Task AddEscalation_LiveSession_StoresItAsGiven(string status)
    {
        var session = await StartSessionAsync();
        var escalation = StoreRecords.Escalation(session, Now, status: status);

        var added = await Store.AddEscalationAsync(escalation, null, Ct);

        Assert.True(added);
        AssertSameRecord(escalation, await Store.GetEscalationAsync(escalation.Id, Ct));
    }

    [Theory]
    [MemberData(nameof(DeadSessionStates))]
    public async Task AddEscalation_SessionNotLive_ReturnsFalseAndStoresNothing(string state)
    {
        var session = await DeadSessionAsync(state);
        var escalation = StoreRecords.Escalation(session, Now);

        var added = await Store.AddEscalationAsync(escalation, null, Ct);

        Assert.False(added);
        Assert.Null(await Store.GetEscalationAsync(escalation.Id, Ct));
    }

    [Fact]
    public async Task GetEscalation_UnknownId_ReturnsNull()
    {
        Assert.Null(await Store.GetEscalationAsync("esc_unknown", Ct));
    }

    [Fact]
    public async Task GetEscalation_PastExpiryButWithinRetention_StillReturnsIt()
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromHours(12));
        var escalation = await AddEscalationAsync(session, EscalationStatuses.Pending);

        Time.Set(escalation.ExpiresAt + StoreRetention.Escalation - TimeSpan.FromTicks(1));

        AssertSameRecord(escalation, await Store.GetEscalationAsync(escalation.Id, Ct));
    }

    [Fact]
    public async Task GetEscalation_AtTheEndOfRetention_ReturnsNull()
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromHours(12));
        var escalation = await AddEscalationAsync(session, EscalationStatuses.Pending);

        Time.Set(escalation.ExpiresAt + StoreRetention.Escalation);

        Assert.Null(await Store.GetEscalationAsync(escalation.Id, Ct));
    }

    [Fact]
    public async Task GetEscalation_OutlivesItsSession()
    {
        var session = await StartSessionAsync(ttl: TimeSpan.FromMinutes(10));
        var escalation = await AddEscalationAsync(session, EscalationStatuses.Pending, TimeSpan.FromMinutes(15));

        Time.Set(session.ExpiresAt + TimeSpan.FromMinutes(1));

        Assert.Null(await Store.GetSessionAsync(session.Id, Ct));
        AssertSameRecord(escalation, await Store.GetEscalationAsync(escalation.Id, Ct));
    }
}
