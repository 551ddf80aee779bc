namespace JitTokens.Core;

/// <summary>
/// Answers the callers of a group commit (the audit sink's batches, the Redis store's token writes) off the writer's
/// loop, a few per thread-pool work item: each caller's continuation then runs inline on that work item (it signs,
/// logs, writes its response), so a batch wakes a thread or two rather than one per caller, and the writer goes
/// straight on to its next write without running any caller's code.
/// </summary>
internal static class GroupAnswers
{
    /// <summary>How many callers one work item answers, one after the other.</summary>
    public const int PerWorkItem = 8;

    /// <summary>
    /// Queues <paramref name="answer"/> for every caller (with its index in <paramref name="callers"/>), in order,
    /// <see cref="PerWorkItem"/> to a work item. <paramref name="answer"/> should be a static lambda: state goes in
    /// <paramref name="state"/>, so nothing is allocated per caller.
    /// </summary>
    public static void Queue<TCaller, TState>(List<TCaller> callers, TState state, Action<TCaller, int, TState> answer)
    {
        for (var start = 0; start < callers.Count; start += PerWorkItem)
        {
            ThreadPool.UnsafeQueueUserWorkItem(
                static c =>
                {
                    for (var i = c.start; i < c.end; i++)
                    {
                        c.answer(c.callers[i], i, c.state);
                    }
                },
                (callers, start, end: Math.Min(start + PerWorkItem, callers.Count), state, answer),
                preferLocal: false);
        }
    }
}
