using System.Globalization;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Revocations;

/// <summary>Refuses to start with a resource server whose secret digest is not 64 hex characters.</summary>
internal sealed class ResourceServerOptionsValidator : IValidateOptions<Dictionary<string, ResourceServerEntry>>
{
    public ValidateOptionsResult Validate(string? name, Dictionary<string, ResourceServerEntry> options)
    {
        var failures = new List<string>();
        foreach (var (clientId, entry) in options)
        {
            if (entry.SecretSha256 is not { Length: 64 } hex || !hex.All(char.IsAsciiHexDigit))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{ResourceServerAuthenticator.SectionName}:{clientId}:SecretSha256 must be the 64-character hex SHA-256 of the secret (e.g. printf %s \"$SECRET\" | sha256sum)"));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
