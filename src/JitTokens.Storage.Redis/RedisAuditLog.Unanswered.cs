using JitTokens.Abstractions.Wire;
using JitTokens.Core.Audit;
using JitTokens.Core.Errors;

namespace JitTokens.Storage.Redis;

/// <summary>Appends that got no answer.</summary>
internal sealed partial class RedisAuditLog
{
    /// <summary>
    /// An append that timed out or lost its connection may have run, or may still run: a script waiting in a socket
    /// buffer or behind a paused Redis runs when Redis gets to it. So the head is read again, on the same connection
    /// (behind the append, if that is still queued). The batch counts as stored only when the event at its last seq
    /// carries its last hash, which covers the whole chain before it. Otherwise the batch is reported unavailable and
    /// never sent again, neither as it is nor linked to another head. A copy still in flight can land only while the
    /// head is the one it was linked to, so it lands at most once, before anything else is appended after that head,
    /// and the chain stays whole. Its callers were answered 503, so the log may then hold the record of a decision
    /// that nobody received: more than was answered, never less, never twice.
    /// </summary>
    private async Task ResolveUnansweredAsync(AuditBatch linked, StoreUnavailableException failure, CancellationToken cancellationToken)
    {
        _head = null; // whatever happened, the head is read again before the next append
        var (first, last) = (linked[0], linked[^1]);
        bool stored;
        try
        {
            stored = await IsStoredAsync(last, cancellationToken).ConfigureAwait(false);
        }
        catch (AuditUnavailableException e)
        {
            Log.AuditAppendUnconfirmed(logger, first.Seq, last.Seq, e);
            throw new AuditUnavailableException($"Redis did not confirm the audit append ({failure.Message}) and could not be asked whether it was stored", failure);
        }

        if (!stored)
        {
            Log.AuditAppendUnconfirmed(logger, first.Seq, last.Seq, failure);
            throw new AuditUnavailableException($"Redis did not confirm the audit append ({failure.Message}); it is not stored", failure);
        }

        Log.AuditAppendConfirmedLate(logger, first.Seq, last.Seq);
    }

    private async Task<bool> IsStoredAsync(AuditEvent last, CancellationToken cancellationToken)
    {
        var head = await GetHeadAsync(cancellationToken).ConfigureAwait(false);
        if (head.Seq < last.Seq)
        {
            return false;
        }

        if (head.Seq == last.Seq)
        {
            return head.Hash == last.Hash;
        }

        var stored = await ReadAsync(last.Seq - 1, 1, cancellationToken).ConfigureAwait(false);
        return stored is [{ } e] && e.Seq == last.Seq && e.Hash == last.Hash;
    }
}
