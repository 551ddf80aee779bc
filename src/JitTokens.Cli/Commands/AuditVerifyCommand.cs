using System.CommandLine;
using JitTokens.Cli.Audit;
using JitTokens.Cli.Output;

namespace JitTokens.Cli.Commands;

/// <summary>
/// <c>jit audit verify --file audit.ndjson --jwks jwks.json [--jwks older.json] [--json]</c>: checks an
/// export offline, with no server and no credential (<see cref="ExportVerifier"/>). Exit 0 when intact,
/// 3 when not (the first bad seq and why), 2 when a file cannot be read or the JWKS is unusable.
/// </summary>
internal static class AuditVerifyCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Option<FileInfo>("--file") { Description = "An export of the log (jit audit --export > audit.ndjson)", HelpName = "export.ndjson", Required = true };
        var jwks = new Option<FileInfo[]>("--jwks")
        {
            Description = "The issuer's JWKS (GET /.well-known/jwks.json); repeat to add keys saved before a key rotation",
            HelpName = "jwks.json",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON, like GET /v1/audit/verify" };

        var command = new Command("verify", "Check an exported log offline: its hash chain and its signed checkpoints") { file, jwks, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var documents = new List<(string, string)>();
            foreach (var document in parse.GetRequiredValue(jwks))
            {
                if (await ReadAsync(document, cancellationToken) is not { } text)
                {
                    return await Reporter.UsageAsync(context, $"cannot read --jwks {document}: no such readable file");
                }

                documents.Add((document.ToString(), text));
            }

            if (!CheckpointKeys.TryLoad(documents, out var keys, out var problem))
            {
                return await Reporter.UsageAsync(context, $"--jwks {problem}");
            }

            var export = parse.GetRequiredValue(file);
            ExportVerification result;
            try
            {
                result = await ExportVerifier.VerifyAsync(() => File.OpenText(export.FullName), keys, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return await Reporter.UsageAsync(context, $"cannot read --file {export}: {e.Message}");
            }

            if (result.Verification.Valid)
            {
                await WarnAsync(context, result);
            }

            return await AuditVerificationText.PrintAsync(context, result.Verification, result.SignedThrough, parse.GetValue(json));
        });
        return command;
    }

    private static async Task<string?> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(file.FullName, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>An intact chain proves little where no signature reaches: say how far the signatures go.</summary>
    private static async Task WarnAsync(CliContext context, ExportVerification result)
    {
        if (result.Verification.HeadSeq is not { } head)
        {
            return;
        }

        if (result.SignedThrough is not { } signed)
        {
            await context.Error.WriteLineAsync("jit: warning: no signed checkpoint covers these events: the chain is intact, but anyone who could write the file could have rewritten it whole");
        }
        else if (signed < head)
        {
            await context.Error.WriteLineAsync($"jit: warning: events after seq {signed} are not covered by a signed checkpoint yet (the issuer signs its head periodically); they could have been changed or cut off unseen");
        }
    }
}
