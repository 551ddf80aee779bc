using JitTokens.TestSupport.Redis;

namespace JitTokens.Storage.Redis.Tests;

/// <summary>The audit stream as stored, read and written over the RESP test client (not through the log), as an operator or an attacker would.</summary>
internal static class RedisAuditStream
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every entry: its id and its <c>event</c> field.</summary>
    public static async Task<IReadOnlyList<(string Id, string Event)>> ReadAsync(RedisServer server, string prefix)
    {
        var entries = (object?[])(await server.ExecuteAsync(["XRANGE", prefix + "audit", "-", "+"], Ct))!;
        return [.. entries.Cast<object?[]>().Select(e => ((string)e[0]!, EventField((object?[])e[1]!)))];
    }

    /// <summary>Replaces the stream with entries <c>1-0</c>, <c>2-0</c>, … holding <paramref name="events"/>; the head key is left alone.</summary>
    public static async Task RewriteAsync(RedisServer server, string prefix, IReadOnlyList<string> events)
    {
        await server.ExecuteAsync(["DEL", prefix + "audit"], Ct);
        for (var i = 0; i < events.Count; i++)
        {
            await server.ExecuteAsync(["XADD", prefix + "audit", $"{i + 1}-0", "event", events[i]], Ct);
        }
    }

    private static string EventField(object?[] fields)
    {
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            if ("event".Equals(fields[i]))
            {
                return (string)fields[i + 1]!;
            }
        }

        throw new InvalidOperationException("An audit entry has no event field.");
    }
}
