namespace JitTokens.Server.Revocations;

/// <summary>
/// <c>JitTokens:ResourceServers:&lt;client_id&gt;</c>: a resource server that may introspect (and consume) tokens with
/// HTTP Basic. Only the SHA-256 of its secret is configured: secrets are high-entropy (32+ characters), so a fast hash
/// is right (DESIGN.md §5), and the configuration never holds the secret itself.
/// </summary>
internal sealed class ResourceServerEntry
{
    /// <summary>Lowercase hex SHA-256 of the UTF-8 secret (64 characters).</summary>
    public string? SecretSha256 { get; set; }

    /// <summary>The environments whose tokens this resource server may introspect; empty for all.</summary>
    public List<string> Environments { get; set; } = [];
}
