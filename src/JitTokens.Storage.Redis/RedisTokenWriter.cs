using System.Collections.Concurrent;
using JitTokens.Core;
using StackExchange.Redis;

namespace JitTokens.Storage.Redis;

/// <summary>
/// Group commit of new tokens the store writes itself (when the audit sink does not record them with their events, as
/// <see cref="RedisAuditScripts.AppendRecording"/> does beside the Redis log): tokens that arrive while a write is in flight go
/// to Redis together in the next one, as one <see cref="RedisScripts.AddTokens"/> call, which checks and
/// answers each token on its own exactly as a write of one would (session live, token stored and indexed).
/// At most one write is in flight; a token that finds none starts one at once, so a lone request waits
/// for one round trip, as before. Under load this saves, per token, a Redis command (its parsing, script
/// call and reply) and a client message with its own wake-ups; the measured cost of a token's store call
/// on the issuer was about 60 µs of CPU, most of it in those per-command hand-offs.
/// Every write is bounded by <see cref="RedisConnection"/>'s timeout, so no caller waits longer than that;
/// a failed write fails every token in it, and nothing is stored for a token unless its answer says so.
/// </summary>
internal sealed class RedisTokenWriter(RedisConnection connection)
{
    /// <summary>The most tokens in one script call: a few milliseconds of Redis time at most.</summary>
    internal const int MaxBatch = 128;

    private readonly ConcurrentQueue<Pending> _queue = new();
    private int _writing;

    /// <summary>Stores one token (keys: ses, tok, ses-tok; the seven ARGV of <see cref="RedisScripts.AddTokens"/>); true when stored.</summary>
    public Task<bool> AddAsync(RedisKey[] keys, RedisValue[] args)
    {
        var pending = new Pending(keys, args);
        _queue.Enqueue(pending);
        if (Interlocked.Exchange(ref _writing, 1) == 0)
        {
            _ = WriteLoopAsync();
        }

        return pending.Done.Task;
    }

    /// <summary>
    /// Writes what is queued, batch after batch, until the queue is empty; then stands down, unless a token
    /// arrived while it was doing so (that token's caller saw the loop still running and started none).
    /// Never throws: a failure is the answer of the batch that met it.
    /// </summary>
    private async Task WriteLoopAsync()
    {
        while (true)
        {
            var batch = Take();
            if (batch.Count == 0)
            {
                Volatile.Write(ref _writing, 0);
                if (_queue.IsEmpty || Interlocked.Exchange(ref _writing, 1) != 0)
                {
                    return;
                }

                continue;
            }

            try
            {
                var result = await WriteAsync(batch).ConfigureAwait(false);
                Answer(batch, result, null);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Answer(batch, null, e);
            }
        }
    }

    private List<Pending> Take()
    {
        var batch = new List<Pending>(Math.Min(MaxBatch, Math.Max(1, _queue.Count)));
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        return batch;
    }

    private async Task<RedisValue[]> WriteAsync(List<Pending> batch)
    {
        var keys = new RedisKey[batch.Count * RedisScripts.AddTokensKeys];
        var args = new RedisValue[batch.Count * RedisScripts.AddTokensArgs];
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Keys.CopyTo(keys, i * RedisScripts.AddTokensKeys);
            batch[i].Args.CopyTo(args, i * RedisScripts.AddTokensArgs);
        }

        // Not cancellable by any one caller: the write is shared, and bounded by the connection's timeout.
        var result = await connection.RunAsync(db => RedisScripts.AddTokens.EvaluateAsync(db, keys, args), CancellationToken.None).ConfigureAwait(false);
        var answers = (RedisValue[])result!;
        if (answers.Length != batch.Count)
        {
            throw new InvalidOperationException($"AddTokens answered {answers.Length} tokens for {batch.Count}.");
        }

        return answers;
    }

    /// <summary>Answers the batch's callers off the write loop (<see cref="GroupAnswers"/>): each then signs and logs its token.</summary>
    private static void Answer(List<Pending> batch, RedisValue[]? answers, Exception? failure)
        => GroupAnswers.Queue(batch, (answers, failure), static (pending, i, s) =>
        {
            if (s.failure is null)
            {
                pending.Done.TrySetResult((int)s.answers![i] == 1);
            }
            else
            {
                pending.Done.TrySetException(s.failure);
            }
        });

    private sealed class Pending(RedisKey[] keys, RedisValue[] args)
    {
        public RedisKey[] Keys { get; } = keys;

        public RedisValue[] Args { get; } = args;

        /// <summary>Completed only by <see cref="Answer"/>, whose work item then runs the caller's continuation.</summary>
        public TaskCompletionSource<bool> Done { get; } = new();
    }
}
