using System.Text.Json.Serialization;
using JitTokens.Abstractions.Json;

namespace JitTokens.Client;

/// <summary>
/// Source-generated reading of the wire records the client owns (<see cref="AuditPage"/>), with
/// <see cref="JitJsonContext"/>'s conventions and <see cref="ClientJson"/>'s tolerance of new members.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(AuditPage))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
