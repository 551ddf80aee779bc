using System.Text.Json.Serialization;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Abstractions.Json;

/// <summary>
/// Source-generated JSON metadata for every wire record: snake_case, strict (unknown members
/// and duplicate members are errors, DESIGN.md §3), nulls omitted, RFC 3339 UTC timestamps.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(StartSessionRequest))]
[JsonSerializable(typeof(SessionStarted))]
[JsonSerializable(typeof(SessionView))]
[JsonSerializable(typeof(SessionList))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TokenIssued))]
[JsonSerializable(typeof(TokenEscalated))]
[JsonSerializable(typeof(DryRunResult))]
[JsonSerializable(typeof(EscalationView))]
[JsonSerializable(typeof(EscalationList))]
[JsonSerializable(typeof(DecisionRequest))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(DevLoginRequest))]
[JsonSerializable(typeof(DevLoginResponse))]
[JsonSerializable(typeof(CatalogView))]
[JsonSerializable(typeof(AuthorizationServerMetadata))]
[JsonSerializable(typeof(JsonWebKeySet))]
[JsonSerializable(typeof(HeartbeatRequest))]
[JsonSerializable(typeof(HeartbeatAccepted))]
[JsonSerializable(typeof(OAuthError))]
[JsonSerializable(typeof(OAuthTokenResponse))]
[JsonSerializable(typeof(OAuthPending))]
[JsonSerializable(typeof(RevocationItem))]
[JsonSerializable(typeof(RevocationPage))]
[JsonSerializable(typeof(IntrospectionResponse))]
[JsonSerializable(typeof(AuditEvent))]
[JsonSerializable(typeof(AuditEventList))]
[JsonSerializable(typeof(JitTokens.Abstractions.Audit.AuditCheckpoint))]
[JsonSerializable(typeof(JitTokens.Abstractions.Audit.AuditVerification))]
public sealed partial class JitJsonContext : JsonSerializerContext;
