using System.Buffers.Text;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;

namespace JitTokens.Cli.Audit;

/// <summary>
/// The public keys checkpoints are checked against, by <c>kid</c>: the ES256 keys (EC P-256, RFC 7518
/// §6.2) of one or more JWKS documents (RFC 7517 §5), e.g. the issuer's <c>/.well-known/jwks.json</c>
/// now and copies saved before earlier key rotations. Keys of other types or uses are left out.
/// </summary>
internal sealed class CheckpointKeys
{
    private const int CoordinateBytes = 32;
    private readonly FrozenDictionary<string, ECParameters> _keys;

    private CheckpointKeys(Dictionary<string, ECParameters> keys) => _keys = keys.ToFrozenDictionary(StringComparer.Ordinal);

    public int Count => _keys.Count;

    /// <summary>Reads every document; false, with what is wrong and where, when one is not a usable JWKS.</summary>
    public static bool TryLoad(IEnumerable<(string Source, string Json)> documents, [NotNullWhen(true)] out CheckpointKeys? keys, [NotNullWhen(false)] out string? problem)
    {
        keys = null;
        var found = new Dictionary<string, ECParameters>(StringComparer.Ordinal);
        var sources = new List<string>();
        foreach (var (source, json) in documents)
        {
            sources.Add(source);
            problem = Read(source, json, found);
            if (problem is not null)
            {
                return false;
            }
        }

        if (found.Count == 0)
        {
            problem = $"{string.Join(", ", sources)}: no ES256 key (kty EC, crv P-256, with a kid); is this the issuer's JWKS?";
            return false;
        }

        keys = new CheckpointKeys(found);
        problem = null;
        return true;
    }

    /// <summary>The key named <paramref name="kid"/>, ready to verify (the caller disposes it); null when there is none.</summary>
    public ECDsa? Find(string kid) => _keys.TryGetValue(kid, out var parameters) ? ECDsa.Create(parameters) : null;

    private static string? Read(string source, string json, Dictionary<string, ECParameters> found)
    {
        try
        {
            using var document = JsonDocument.Parse(json, StrictJson.Document);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("keys", out var list)
                || list.ValueKind != JsonValueKind.Array)
            {
                return $"{source}: not a JWKS: expected {{\"keys\":[…]}}";
            }

            foreach (var key in list.EnumerateArray())
            {
                if (Member(key, "kty") != "EC" || Member(key, "crv") != "P-256" || Member(key, "kid") is not { Length: > 0 } kid
                    || Member(key, "use") is not (null or "sig") || Member(key, "alg") is not (null or "ES256"))
                {
                    continue;
                }

                if (Parameters(Member(key, "x"), Member(key, "y")) is not { } parameters)
                {
                    return $"{source}: key {kid} is not a P-256 public key (x and y must be 32-byte base64url coordinates of a point on the curve)";
                }

                if (found.TryGetValue(kid, out var known) && !(known.Q.X!.SequenceEqual(parameters.Q.X!) && known.Q.Y!.SequenceEqual(parameters.Q.Y!)))
                {
                    return $"{source}: key {kid} differs from another key with the same kid";
                }

                found[kid] = parameters;
            }

            return null;
        }
        catch (JsonException e)
        {
            return $"{source}: not JSON ({e.Message.Split(" LineNumber:", 2)[0].TrimEnd('.', ' ')})";
        }
    }

    private static string? Member(JsonElement key, string name)
        => key.ValueKind == JsonValueKind.Object && key.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static ECParameters? Parameters(string? x, string? y)
    {
        if (x is null || y is null || !Base64Url.IsValid(x) || !Base64Url.IsValid(y))
        {
            return null;
        }

        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(x), Y = Base64Url.DecodeFromChars(y) },
        };
        if (parameters.Q.X!.Length != CoordinateBytes || parameters.Q.Y!.Length != CoordinateBytes)
        {
            return null;
        }

        try
        {
            // Importing checks that the point is on the curve.
            using var key = ECDsa.Create(parameters);
            return parameters;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
