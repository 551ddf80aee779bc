namespace JitTokens.Validation.Issuer;

/// <summary>The issuer URL as tokens carry it: without a trailing slash.</summary>
internal static class IssuerUrl
{
    public static string Normalize(string issuer) => issuer.TrimEnd('/');
}
