using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace JitTokens.Storage.Redis;

/// <summary>A Lua script, sent by its SHA-1 (EVALSHA: one small command) and by its text only when Redis lost it.</summary>
internal sealed class RedisScript(string text)
{
    public string Text { get; } = text;

    [SuppressMessage("Security", "CA5350", Justification = "EVALSHA names scripts by SHA-1; it is an id, not a protection.")]
    public byte[] Sha1 { get; } = SHA1.HashData(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// EVALSHA; on NOSCRIPT (Redis restarted or ran SCRIPT FLUSH) EVAL with the text, which also
    /// caches it again. Retrying is safe: NOSCRIPT means nothing ran. (The client cannot retry by
    /// itself here: given only the SHA-1, it has no text to send.)
    /// </summary>
    public async Task<RedisResult> EvaluateAsync(IDatabase database, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await database.ScriptEvaluateAsync(Sha1, keys, values).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(Text, keys, values).ConfigureAwait(false);
        }
    }
}
