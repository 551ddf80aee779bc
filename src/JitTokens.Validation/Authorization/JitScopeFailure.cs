using JitTokens.Validation.Authentication;
using Microsoft.AspNetCore.Http;

namespace JitTokens.Validation.Authorization;

/// <summary>
/// Hands why <see cref="JitScopeHandler"/> refused a request to the JwtBearer forbid step, which
/// answers it (ASP.NET Core's authorization middleware forbids without saying why).
/// </summary>
internal static class JitScopeFailure
{
    private static readonly object Key = new();

    public static void Set(HttpContext context, JitRejection rejection) => context.Items[Key] = rejection;

    public static JitRejection? Find(HttpContext context) => context.Items.TryGetValue(Key, out var found) ? found as JitRejection : null;
}
