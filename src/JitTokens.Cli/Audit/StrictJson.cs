using System.Text.Json;

namespace JitTokens.Cli.Audit;

/// <summary>
/// How files under audit are parsed: a member given twice is an error, because two readers could
/// take different copies of it (RFC 8259 §4 leaves that open), and a verifier must see what the signer saw.
/// </summary>
internal static class StrictJson
{
    public static JsonDocumentOptions Document { get; } = new() { AllowDuplicateProperties = false, MaxDepth = 16 };
}
