using System.Globalization;

namespace JitTokens.Storage.Redis;

/// <summary>
/// Members of the time-ordered indexes (<c>escalations</c>, <c>esc-due</c>, <c>outbox-due</c>): a
/// 19-digit tick string, <c>:</c>, then the id, all with score 0. Redis orders equal scores by their
/// bytes, so an index is ordered by the instant to the tick and then by id ordinal (ids are ASCII),
/// exactly as the in-memory store sorts, and <c>ZRANGEBYLEX … - (&lt;now ticks&gt;;</c> selects
/// "at or before now" without the rounding of millisecond scores. The scripts build and split the
/// same members (<c>member</c>, <c>member_id</c> in <see cref="RedisLua"/>): keep them in step.
/// </summary>
internal static class RedisMembers
{
    /// <summary>Ticks, then ':' (the id starts at the 21st character).</summary>
    public const int IdOffset = 20;

    /// <summary>The <c>escalations</c> member: ascending order is newest first, then id ordinal.</summary>
    public static string NewestFirst(DateTimeOffset createdAt, string id)
        => (DateTimeOffset.MaxValue.UtcTicks - createdAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + ":" + id;

    /// <summary>The <c>esc-due</c> or <c>outbox-due</c> member: ascending order is soonest first, then id ordinal.</summary>
    public static string Due(DateTimeOffset at, string id) => RedisTime.Ticks(at) + ":" + id;
}
