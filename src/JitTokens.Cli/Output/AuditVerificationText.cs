using System.Globalization;
using System.Text.Json;
using JitTokens.Abstractions.Audit;
using JitTokens.Abstractions.Json;

namespace JitTokens.Cli.Output;

/// <summary>
/// How <c>jit audit --verify</c> and <c>jit audit verify</c> report: <c>key: value</c> lines (or the
/// <c>GET /v1/audit/verify</c> JSON) on stdout, and for a log that is not intact one error line on
/// stderr and exit 3: the answer is "no", and asking again will not change it.
/// </summary>
internal static class AuditVerificationText
{
    public static async Task<int> PrintAsync(CliContext context, AuditVerification result, long? signedThrough, bool json)
    {
        await context.Out.WriteLineAsync(json
            ? JsonSerializer.Serialize(result, JitJson.Context.AuditVerification)
            : string.Join('\n', Describe(result, signedThrough).Select(l => Redactor.Clean(l, context))));
        if (result.Valid)
        {
            return ExitCodes.Ok;
        }

        var where = result.FirstBadSeq is { } seq ? $" at seq {seq.ToString(CultureInfo.InvariantCulture)}" : "";
        await Reporter.WriteAsync(context, "invalid", $"the issuance log is not intact{where}: {result.Reason}");
        return ExitCodes.Denied;
    }

    public static IEnumerable<string> Describe(AuditVerification result, long? signedThrough)
    {
        yield return "valid: " + (result.Valid ? "true" : "false");
        yield return "events: " + Number(result.Events);
        if (result.Head is { } head)
        {
            yield return "head: " + head;
        }

        if (result.HeadSeq is { } headSeq)
        {
            yield return "head_seq: " + Number(headSeq);
        }

        if (result.Checkpoints is { } checkpoints)
        {
            yield return "checkpoints: " + Number(checkpoints);
        }

        if (signedThrough is { } signed)
        {
            yield return "signed_through: " + Number(signed);
        }

        if (result.FirstBadSeq is { } bad)
        {
            yield return "first_bad_seq: " + Number(bad);
        }

        if (result.Reason is { } reason)
        {
            yield return "reason: " + reason;
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
