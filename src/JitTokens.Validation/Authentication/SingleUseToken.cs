using Microsoft.AspNetCore.Http;

namespace JitTokens.Validation.Authentication;

/// <summary>
/// A validated <c>use: "once"</c> token of the current request, waiting to be consumed by
/// <c>RequireJitScope</c> once the scope and target checks passed. Lives in <see cref="HttpContext.Items"/>.
/// </summary>
internal sealed class SingleUseToken(string token, string jti)
{
    private static readonly object Key = new();

    public string Token { get; } = token;

    public string Jti { get; } = jti;

    /// <summary>Set once the issuer was asked: null when consumed by this request, the rejection otherwise.</summary>
    public Task<JitRejection?>? Consumption { get; set; }

    public static void Remember(HttpContext context, SingleUseToken token) => context.Items[Key] = token;

    public static SingleUseToken? Find(HttpContext context) => context.Items.TryGetValue(Key, out var token) ? token as SingleUseToken : null;
}
