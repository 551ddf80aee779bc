namespace JitTokens.Abstractions.Wire;

/// <summary>
/// An RFC 9457 problem details body (<c>application/problem+json</c>) with the stable
/// <see cref="Error"/> code of DESIGN.md §3.9.
/// </summary>
public sealed record Problem
{
    /// <summary>A URI naming the problem type: <c>urn:jittokens:error:&lt;code&gt;</c>.</summary>
    public required string Type { get; init; }

    /// <summary>A short summary of the problem type.</summary>
    public required string Title { get; init; }

    /// <summary>The HTTP status code.</summary>
    public required int Status { get; init; }

    /// <summary>What went wrong with this request, and how to fix it.</summary>
    public string? Detail { get; init; }

    /// <summary>The stable error code (see <see cref="ErrorCodes"/>).</summary>
    public required string Error { get; init; }

    /// <summary>For <c>ttl_too_long</c>: the limit that applied, in seconds.</summary>
    public int? MaxTtlSeconds { get; init; }
}
