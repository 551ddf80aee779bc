using System.Text.Json;
using System.Text.Json.Serialization;
using JitTokens.Abstractions.Json;

namespace JitTokens.Client;

/// <summary>
/// The source-generated wire contract, read tolerantly. The server refuses unknown members in
/// requests (DESIGN.md §3); a client that refused them in answers would break on every member a
/// newer server adds, so answers skip what this version does not know. Requests are written with
/// <see cref="JitJsonContext.Default"/> unchanged.
/// </summary>
internal static class ClientJson
{
    public static JitJsonContext Reading { get; } = new(new JsonSerializerOptions(JitJsonContext.Default.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    });
}
