using Microsoft.IdentityModel.Tokens;

namespace JitTokens.Validation.Issuer;

/// <summary>
/// What the resource server knows about its issuer: its endpoints, the audience of the configured
/// environment and the signing keys. Written by the background loops, read on every request
/// without locks (each member is replaced whole).
/// </summary>
internal sealed class IssuerState
{
    private volatile IssuerEndpoints? _endpoints;
    private volatile string? _audience;
    private volatile IReadOnlyDictionary<string, SecurityKey> _keys = new Dictionary<string, SecurityKey>();

    /// <summary>The endpoints, once discovery was read.</summary>
    public IssuerEndpoints? Endpoints
    {
        get => _endpoints;
        set => _endpoints = value;
    }

    /// <summary>The audience tokens must carry, once known (from the options or the catalog).</summary>
    public string? Audience
    {
        get => _audience;
        set => _audience = value;
    }

    /// <summary>The published ES256 keys by key id.</summary>
    public IReadOnlyDictionary<string, SecurityKey> Keys
    {
        get => _keys;
        set => _keys = value;
    }

    /// <summary>The key for <paramref name="kid"/>, as a one-element list (IdentityModel's resolver shape), or none.</summary>
    public IEnumerable<SecurityKey> KeysFor(string? kid)
        => kid is not null && _keys.TryGetValue(kid, out var key) ? [key] : [];
}
