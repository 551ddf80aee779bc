using System.Text.Json.Serialization;
using JitTokens.Core.Escalations;
using JitTokens.Core.Outbox;
using JitTokens.Core.Sessions;
using JitTokens.Core.Tokens;

namespace JitTokens.Core.Json;

/// <summary>How stores serialize their records (the Redis store, and tests).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SessionRecord))]
[JsonSerializable(typeof(TokenRecord))]
[JsonSerializable(typeof(EscalationRecord))]
[JsonSerializable(typeof(OutboxMessage))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
