using System.Collections.Immutable;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Core.Keys;

/// <summary>The ring at one moment: the key that signs, the keys that are published, and when that changes.</summary>
internal sealed record KeyRingSnapshot(SigningKey Active, ImmutableArray<SigningKey> Published, DateTimeOffset ValidUntil)
{
    public JsonWebKeySet Jwks { get; } = new() { Keys = [.. Published.Select(k => k.PublicJwk)] };
}
