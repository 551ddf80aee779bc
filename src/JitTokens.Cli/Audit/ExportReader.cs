using System.Runtime.CompilerServices;
using System.Text.Json;
using JitTokens.Abstractions.Json;

namespace JitTokens.Cli.Audit;

/// <summary>
/// Reads an export of <c>GET /v1/audit/export</c> line by line: an object with a <c>jws</c> member is
/// a checkpoint, any other an event. Strict, like the server: a member the format does not have, a
/// member given twice or a wrong type makes the line a problem, since the hash covers only the
/// members the format knows and anything else could be slipped in unseen.
/// </summary>
internal static class ExportReader
{
    public static async IAsyncEnumerable<ExportLine> ReadAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return Parse(number, line);
            }
        }
    }

    private static ExportLine Parse(int number, string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line, StrictJson.Document);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ExportLine(number, null, null, $"line {number} is not a JSON object");
            }

            return root.TryGetProperty("jws", out _)
                ? new ExportLine(number, null, root.Deserialize(JitJsonContext.Default.AuditCheckpoint), null)
                : new ExportLine(number, root.Deserialize(JitJsonContext.Default.AuditEvent), null, null);
        }
        catch (JsonException e)
        {
            // System.Text.Json appends where in the line it stopped; the line number says enough.
            var why = e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
            return new ExportLine(number, null, null, $"line {number} is neither an audit event nor a checkpoint: {why}");
        }
    }
}
