namespace JitTokens.Core;

/// <summary>Where a request came from, for the issuance log.</summary>
internal sealed record CallerContext(string? ClientIp, string? TraceId)
{
    public static CallerContext None { get; } = new(null, null);
}
