using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace JitTokens.Core.Keys;

/// <summary>
/// Reads the key folder (<c>JitTokens:SigningKeys:Path</c>): one PEM file per P-256 private key
/// (SEC1 "EC PRIVATE KEY" or PKCS#8 "PRIVATE KEY"), named by the UTC time it starts signing,
/// <c>yyyyMMddTHHmmssZ.pem</c>. <c>ops/rotate-key</c> writes such files.
/// </summary>
internal static partial class SigningKeyDirectory
{
    public static IReadOnlyList<SigningKey> Read(string path)
    {
        if (!Directory.Exists(path))
        {
            throw new SigningKeyException($"signing key folder '{path}' not found; create a first key with: ops/rotate-key {path} --now");
        }

        var problems = new List<string>();
        var keys = new List<SigningKey>();
        foreach (var file in Directory.GetFiles(path, "*.pem").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var match = FileNameRegex().Match(name);
            if (!match.Success || !DateTimeOffset.TryParseExact(match.Groups[1].Value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var activatesAt))
            {
                problems.Add($"{file}: name it by the UTC time the key starts signing, like 20261122T120000Z.pem");
                continue;
            }

            try
            {
                using var ecdsa = ECDsa.Create();
                ecdsa.ImportFromPem(File.ReadAllText(file));
                keys.Add(SigningKey.FromECDsa(ecdsa, activatesAt, name));
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                problems.Add($"{file}: not a P-256 private key in PEM ({e.GetType().Name}); generate one with ops/rotate-key");
            }
        }

        if (problems.Count > 0)
        {
            throw new SigningKeyException(string.Join(Environment.NewLine, problems));
        }

        if (keys.Count == 0)
        {
            throw new SigningKeyException($"no *.pem key in '{path}'; create a first key with: ops/rotate-key {path} --now");
        }

        return keys;
    }

    [GeneratedRegex(@"^(\d{8}T\d{6}Z)\.pem$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNameRegex();
}
