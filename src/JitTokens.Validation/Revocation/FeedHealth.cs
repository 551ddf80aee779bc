using System.Globalization;
using Microsoft.Extensions.Options;

namespace JitTokens.Validation.Revocation;

/// <summary>
/// Whether the revocation list can be trusted right now: the feed was caught up at least once, and
/// something (an entry, a keepalive, a completed catch-up) arrived within
/// <see cref="JitTokensOptions.FeedStaleAfter"/>. When not, every token is refused (fail closed).
/// </summary>
internal sealed class FeedHealth(IOptions<JitTokensOptions> options, TimeProvider time)
{
    private long _lastHeard;
    private volatile bool _caughtUp;

    /// <summary>A catch-up read every entry up to the end of the feed.</summary>
    public void CaughtUp()
    {
        Interlocked.Exchange(ref _lastHeard, time.GetTimestamp());
        _caughtUp = true;
    }

    /// <summary>The stream delivered something (a line of any kind); only called after a catch-up on the same connection.</summary>
    public void Heard() => Interlocked.Exchange(ref _lastHeard, time.GetTimestamp());

    /// <summary>How long nothing arrived; <see cref="TimeSpan.MaxValue"/> before the first catch-up.</summary>
    public TimeSpan Silence => _caughtUp ? time.GetElapsedTime(Interlocked.Read(ref _lastHeard)) : TimeSpan.MaxValue;

    /// <summary>Null when tokens may be accepted; otherwise why not, in words fit for <c>error_description</c>.</summary>
    public string? Problem()
    {
        if (!_caughtUp)
        {
            return "the revocation feed of the issuer has not been read yet; every token is refused until it is (fail closed)";
        }

        var silence = Silence;
        var limit = options.Value.FeedStaleAfter;
        return silence <= limit
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"the revocation feed of the issuer has been unreachable for {silence.TotalSeconds:0} s (limit {limit.TotalSeconds:0.#} s); every token is refused until it is back (fail closed)");
    }
}
