using System.Text.Encodings.Web;
using System.Text.Json;

namespace JitTokens.Abstractions.Json;

/// <summary>
/// The serializer settings the issuer writes with: <see cref="JitJsonContext"/>, without escaping
/// apostrophes and non-ASCII letters, so problem details and the log read naturally. Every
/// response is served as JSON, never embedded in HTML, so the relaxed encoder is safe here.
/// </summary>
public static class JitJson
{
    /// <summary>The context to serialize wire records with.</summary>
    public static JitJsonContext Context { get; } = new(new JsonSerializerOptions(JitJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
