using System.Text.Json.Serialization;

namespace JitTokens.Server.Chat;

/// <summary>Source-generated JSON for the chat endpoint's answers (Slack's snake_case).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ChatAcknowledgement))]
internal sealed partial class ChatJsonContext : JsonSerializerContext;
