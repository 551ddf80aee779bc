using JitTokens.Abstractions.Wire;

namespace JitTokens.Core.Revocations;

/// <summary>
/// What one read of the revocation feed found: the live entries after the cursor asked for, and where the read
/// stopped (<see cref="Next"/>: the last entry examined, live or not, or the cursor asked for when there was none).
/// Readers continue from <see cref="Next"/>, so expired entries never hold them in place.
/// </summary>
internal sealed record RevocationRead(IReadOnlyList<RevocationItem> Items, RevocationCursor Next)
{
    /// <summary>
    /// How long after its <c>expires_at</c> an entry is still served: resource servers accept a token until
    /// <c>exp</c> plus their clock skew, so the entry must outlive that (the validation library allows up to 5 min).
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    /// <summary>The most entries one read examines (live or expired) before it answers with what it found.</summary>
    public const int ScanBudget = 10_000;
}
