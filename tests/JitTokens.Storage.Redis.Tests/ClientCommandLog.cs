using JitTokens.TestSupport.Redis;

namespace JitTokens.Storage.Redis.Tests;

/// <summary>
/// The commands one named client sent, in order, from Redis's slow log with a zero threshold.
/// Unlike INFO commandstats, the slow log tells who sent each command, so the commands a Lua script
/// runs (client "?:0") and the test's own admin commands (no name) stay out of the count.
/// Changes server settings: use on a server of the test's own.
/// </summary>
internal static class ClientCommandLog
{
    /// <summary>The client name <see cref="RedisConnection"/> gives its connections.</summary>
    public const string StoreClientName = "jittokens";

    public static async Task StartAsync(RedisServer server, CancellationToken cancellationToken)
    {
        await server.ExecuteAsync(["CONFIG", "SET", "slowlog-log-slower-than", "0"], cancellationToken);
        await server.ExecuteAsync(["CONFIG", "SET", "slowlog-max-len", "1000"], cancellationToken);
        await server.ExecuteAsync(["SLOWLOG", "RESET"], cancellationToken);
    }

    /// <summary>Upper-case command names (with a SCRIPT subcommand) the store's client sent since <see cref="StartAsync"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(RedisServer server, CancellationToken cancellationToken)
    {
        // Entry: [id, unix time, microseconds, [command, args...], client address, client name]
        var entries = (object?[])(await server.ExecuteAsync(["SLOWLOG", "GET", "-1"], cancellationToken))!;
        return [.. entries
            .Cast<object?[]>()
            .Where(e => StoreClientName.Equals(e[5]))
            .Reverse()
            .Select(e => (object?[])e[3]!)
            .Select(args => ((string)args[0]!).ToUpperInvariant() is var name && name == "SCRIPT" ? "SCRIPT " + ((string)args[1]!).ToUpperInvariant() : name)];
    }
}
