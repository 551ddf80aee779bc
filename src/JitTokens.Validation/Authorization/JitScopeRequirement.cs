using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace JitTokens.Validation.Authorization;

/// <summary>The authorization requirement <c>RequireJitScope</c> adds: the token's one scope, and its target when it names one.</summary>
internal sealed record JitScopeRequirement(string Scope, Func<HttpContext, object?>? Target) : IAuthorizationRequirement;
