using System.Text.Json.Serialization;

namespace JitTokens.Core.Audit;

/// <summary>Source-generated JSON for checkpoint payloads.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CheckpointClaims))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
