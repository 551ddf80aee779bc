using System.Text.Json.Serialization;

namespace JitTokens.Validation.Issuer;

/// <summary>Source-generated JSON for the issuer's documents (snake_case, unknown members ignored).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(MetadataDocument))]
[JsonSerializable(typeof(CatalogDocument))]
[JsonSerializable(typeof(RevocationPageDocument))]
[JsonSerializable(typeof(RevocationItemDocument))]
[JsonSerializable(typeof(IntrospectionDocument))]
internal sealed partial class IssuerJsonContext : JsonSerializerContext;
