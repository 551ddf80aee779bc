namespace JitTokens.TestSupport.Storage;

public abstract partial class JitStoreContractTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ClaimOutbox_ReturnsDueMessagesAsStored_SoonestFirst()
    {
        var later = StoreRecords.Message("esc_1", Now - TimeSpan.FromSeconds(1));
        var sooner = StoreRecords.Message("esc_2", Now - TimeSpan.FromSeconds(5));
        var exactlyNow = StoreRecords.Message("esc_3", Now);
        var notYet = StoreRecords.Message("esc_4", Now + TimeSpan.FromTicks(1));
        foreach (var message in new[] { later, sooner, exactlyNow, notYet })
        {
            await Store.EnqueueOutboxAsync(message, Ct);
        }

        var claimed = await Store.ClaimOutboxAsync(Now, Lease, 10, Ct);

        Assert.Equal([sooner.Id, later.Id, exactlyNow.Id], claimed.Select(m => m.Id));
        AssertSameRecord(sooner, claimed[0]);
    }

    [Fact]
    public async Task ClaimOutbox_SameDueTime_OrdersByIdOrdinal_AndHonoursTheLimit()
    {
        var ids = new[] { "msg_b", "msg_B", "msg_a", "msg_-", "msg_a0" };
        foreach (var id in ids)
        {
            await Store.EnqueueOutboxAsync(StoreRecords.Message("esc_1", Now, id: id), Ct);
        }

        var firstTwo = await Store.ClaimOutboxAsync(Now, Lease, 2, Ct);
        var rest = await Store.ClaimOutboxAsync(Now, Lease, 10, Ct);
        var none = await Store.ClaimOutboxAsync(Now, Lease, 0, Ct);

        var ordered = ids.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(ordered.Take(2), firstTwo.Select(m => m.Id));
        Assert.Equal(ordered.Skip(2), rest.Select(m => m.Id));
        Assert.Empty(none);
    }

    [Fact]
    public async Task ClaimOutbox_WithinTheLease_OtherClaimsGetNothing_AfterItTheyGetItAgain()
    {
        var message = StoreRecords.Message("esc_1", Now);
        await Store.EnqueueOutboxAsync(message, Ct);
        var first = Now;

        var claimed = await Store.ClaimOutboxAsync(first, Lease, 10, Ct);
        var duringLease = await Store.ClaimOutboxAsync(first + Lease - TimeSpan.FromTicks(1), Lease, 10, Ct);
        var afterLease = await Store.ClaimOutboxAsync(first + Lease, Lease, 10, Ct);

        AssertSameRecord(message, Assert.Single(claimed));
        Assert.Empty(duringLease);
        AssertSameRecord(message with { DueAt = first + Lease }, Assert.Single(afterLease));
    }

    [Fact]
    public async Task RescheduleOutbox_ReplacesTheClaimedMessage()
    {
        var message = StoreRecords.Message("esc_1", Now);
        await Store.EnqueueOutboxAsync(message, Ct);
        Assert.Single(await Store.ClaimOutboxAsync(Now, Lease, 10, Ct));
        var retry = message with { Attempts = 1, DueAt = Now + TimeSpan.FromMinutes(2) };

        await Store.RescheduleOutboxAsync(retry, Ct);
        var afterLease = await Store.ClaimOutboxAsync(Now + Lease, Lease, 10, Ct);
        var atRetry = await Store.ClaimOutboxAsync(retry.DueAt, Lease, 10, Ct);

        Assert.Empty(afterLease);
        AssertSameRecord(retry, Assert.Single(atRetry));
    }

    [Fact]
    public async Task RescheduleOutbox_SoonerThanTheLease_MakesItDueAgain()
    {
        var message = StoreRecords.Message("esc_1", Now);
        await Store.EnqueueOutboxAsync(message, Ct);
        Assert.Single(await Store.ClaimOutboxAsync(Now, Lease, 10, Ct));

        await Store.RescheduleOutboxAsync(message with { Attempts = 1 }, Ct);

        AssertSameRecord(message with { Attempts = 1 }, Assert.Single(await Store.ClaimOutboxAsync(Now, Lease, 10, Ct)));
    }

    [Fact]
    public async Task RescheduleOutbox_CompletedOrUnknown_AddsNothing()
    {
        var message = StoreRecords.Message("esc_1", Now);
        await Store.EnqueueOutboxAsync(message, Ct);
        Assert.Single(await ClaimAllAsync());
        await Store.CompleteOutboxAsync(message.Id, Ct);

        await Store.RescheduleOutboxAsync(message with { Attempts = 1 }, Ct);
        await Store.RescheduleOutboxAsync(StoreRecords.Message("esc_2", Now), Ct);

        Assert.Empty(await Store.ClaimOutboxAsync(Now + TimeSpan.FromHours(1) - TimeSpan.FromTicks(1), Lease, 10, Ct));
    }

    [Fact]
    public async Task CompleteOutbox_RemovesTheMessage_AndIsIdempotent()
    {
        var done = StoreRecords.Message("esc_1", Now);
        var kept = StoreRecords.Message("esc_2", Now);
        await Store.EnqueueOutboxAsync(done, Ct);
        await Store.EnqueueOutboxAsync(kept, Ct);

        await Store.CompleteOutboxAsync(done.Id, Ct);
        await Store.CompleteOutboxAsync(done.Id, Ct);
        await Store.CompleteOutboxAsync("msg_unknown", Ct);

        Assert.Equal([kept.Id], (await ClaimAllAsync()).Select(m => m.Id));
    }

    [Fact]
    public async Task CompleteOutbox_WhileLeased_RemovesIt()
    {
        var message = StoreRecords.Message("esc_1", Now);
        await Store.EnqueueOutboxAsync(message, Ct);
        Assert.Single(await ClaimAllAsync());

        await Store.CompleteOutboxAsync(message.Id, Ct);

        Assert.Empty(await Store.ClaimOutboxAsync(Now + Lease + TimeSpan.FromMinutes(1), Lease, 10, Ct));
    }

    [Fact]
    public async Task ClaimOutbox_PastTheMessagesExpiry_DropsIt()
    {
        var expiring = StoreRecords.Message("esc_1", Now, TimeSpan.FromMinutes(1));
        var lasting = StoreRecords.Message("esc_2", Now, TimeSpan.FromMinutes(10));
        await Store.EnqueueOutboxAsync(expiring, Ct);
        await Store.EnqueueOutboxAsync(lasting, Ct);
        var at = expiring.ExpiresAt;

        var claimed = await Store.ClaimOutboxAsync(at, Lease, 10, Ct);
        await Store.RescheduleOutboxAsync(expiring with { ExpiresAt = at + TimeSpan.FromHours(1), DueAt = at }, Ct);
        var afterReschedule = await Store.ClaimOutboxAsync(at, Lease, 10, Ct);

        Assert.Equal([lasting.Id], claimed.Select(m => m.Id));
        Assert.Empty(afterReschedule);
    }

    [Fact]
    public async Task ClaimOutbox_JustBeforeTheMessagesExpiry_ReturnsIt()
    {
        var message = StoreRecords.Message("esc_1", Now, TimeSpan.FromMinutes(1));
        await Store.EnqueueOutboxAsync(message, Ct);

        var claimed = await Store.ClaimOutboxAsync(message.ExpiresAt - TimeSpan.FromTicks(1), Lease, 10, Ct);

        AssertSameRecord(message, Assert.Single(claimed));
    }

    [Fact]
    public async Task EnqueueOutbox_SameIdAgain_ReplacesTheMessage()
    {
        var first = StoreRecords.Message("esc_1", Now + TimeSpan.FromMinutes(5));
        var again = first with { DueAt = Now, Text = "again" };

        await Store.EnqueueOutboxAsync(first, Ct);
        await Store.EnqueueOutboxAsync(again, Ct);

        AssertSameRecord(again, Assert.Single(await Store.ClaimOutboxAsync(first.DueAt, Lease, 10, Ct)));
    }

    [Fact]
    public async Task ClaimOutbox_EmptyOutbox_ReturnsEmpty()
    {
        Assert.Empty(await ClaimAllAsync());
    }
}
