namespace JitTokens.Validation.Authorization;

/// <summary>Endpoint metadata: this endpoint calls <c>RequireJitScope</c>, so single-use tokens can be consumed there.</summary>
internal sealed record JitScopeMetadata(string Scope);
