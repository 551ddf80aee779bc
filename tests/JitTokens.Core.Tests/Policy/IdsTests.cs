using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace JitTokens.Core.Tests.Policy;

/// <summary>Identifiers come from a per-thread buffer of the OS generator's bytes: every draw must still be new.</summary>
public sealed partial class IdsTests
{
    [Fact]
    public void Ids_HaveTheirPrefixAnd128BitsInBase64Url()
    {
        Assert.Matches(Id128(), Ids.NewTokenId()[4..]);
        Assert.StartsWith("tok_", Ids.NewTokenId(), StringComparison.Ordinal);
        Assert.StartsWith("ses_", Ids.NewSessionId(), StringComparison.Ordinal);
        Assert.StartsWith("esc_", Ids.NewEscalationId(), StringComparison.Ordinal);
        Assert.StartsWith("msg_", Ids.NewOutboxMessageId(), StringComparison.Ordinal);
    }

    /// <summary>Many buffer refills on several threads at once: no identifier repeats, and none is all zero bytes (a cleared slot).</summary>
    [Fact]
    public void Ids_DrawnOnManyThreadsAcrossRefills_AreAllDistinct()
    {
        var seen = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                Assert.True(seen.TryAdd(Ids.NewTokenId(), 0));
            }
        });

        Assert.Equal(40_000, seen.Count);
        Assert.DoesNotContain("tok_AAAAAAAAAAAAAAAAAAAAAA", seen.Keys);
    }

    /// <summary>Event ids are UUIDv7 as <c>Guid.CreateVersion7</c> makes them: the same time prefix, version and variant.</summary>
    [Fact]
    public void EventIds_AreVersion7Uuids_ThatSortByTime()
    {
        var time = new DateTimeOffset(2026, 12, 6, 3, 0, 0, 123, TimeSpan.Zero);

        var id = Ids.NewEventId(time);
        var reference = "evt_" + Guid.CreateVersion7(time).ToString("N");

        Assert.Matches("^evt_[0-9a-f]{32}$", id);
        var uuid = Guid.ParseExact(id[4..], "N");
        Assert.Equal(7, uuid.Version);
        Assert.Equal(reference[..16], id[..16]); // evt_ and the 48-bit millisecond timestamp
        Assert.Equal(reference[16], id[16]); // the version digit
        Assert.Contains(id[20], "89ab"); // the RFC 9562 variant
        Assert.True(string.CompareOrdinal(id, Ids.NewEventId(time.AddMilliseconds(1))) < 0);
        Assert.NotEqual(id, Ids.NewEventId(time));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ids.NewEventId(DateTimeOffset.UnixEpoch.AddMilliseconds(-1)));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{22}$")]
    private static partial Regex Id128();
}
