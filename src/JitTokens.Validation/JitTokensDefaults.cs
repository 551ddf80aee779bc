namespace JitTokens.Validation;

/// <summary>Names the library registers and publishes.</summary>
public static class JitTokensDefaults
{
    /// <summary>The authentication scheme <see cref="JitTokensAuthenticationBuilderExtensions.AddJitTokens"/> adds: <c>JitTokens</c>.</summary>
    public const string AuthenticationScheme = "JitTokens";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>JitTokens.Validation</c>.</summary>
    public const string MeterName = "JitTokens.Validation";

    /// <summary>
    /// The counter of rejected requests, one per 401, 403 or 503 answered because of the token:
    /// <c>jittokens.validation.rejections</c>, tagged <c>reason</c> (one of <see cref="JitRejectionReasons"/>).
    /// </summary>
    public const string RejectionsCounterName = "jittokens.validation.rejections";

    /// <summary>The tag of <see cref="RejectionsCounterName"/> that holds the reason.</summary>
    public const string ReasonTagName = "reason";
}
