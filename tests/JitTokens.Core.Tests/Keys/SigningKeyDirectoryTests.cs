using System.Security.Cryptography;
using JitTokens.Core.Keys;

namespace JitTokens.Core.Tests.Keys;

public sealed class SigningKeyDirectoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("jit-keys-").FullName;

    [Fact]
    public void Read_PemFilesNamedByActivation_LoadsEach()
    {
        using var a = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var b = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(Path.Combine(_dir, "20261101T000000Z.pem"), a.ExportECPrivateKeyPem());
        File.WriteAllText(Path.Combine(_dir, "20261201T120000Z.pem"), b.ExportPkcs8PrivateKeyPem());

        var keys = SigningKeyDirectory.Read(_dir);

        Assert.Equal(
            [new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero)],
            keys.Select(k => k.ActivatesAt));
        Assert.NotEqual(keys[0].Kid, keys[1].Kid);
    }

    [Fact]
    public void Read_BadFileName_SaysHowToName()
    {
        using var a = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(Path.Combine(_dir, "signing.pem"), a.ExportECPrivateKeyPem());

        var error = Assert.Throws<SigningKeyException>(() => SigningKeyDirectory.Read(_dir));

        Assert.Contains("20261122T120000Z.pem", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongCurve_IsRefused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        File.WriteAllText(Path.Combine(_dir, "20261101T000000Z.pem"), p384.ExportECPrivateKeyPem());

        var error = Assert.Throws<SigningKeyException>(() => SigningKeyDirectory.Read(_dir));

        Assert.Contains("P-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PublicKeyOnly_IsRefusedWithoutEchoingIt()
    {
        using var a = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = a.ExportSubjectPublicKeyInfoPem();
        File.WriteAllText(Path.Combine(_dir, "20261101T000000Z.pem"), pem);

        var error = Assert.Throws<SigningKeyException>(() => SigningKeyDirectory.Read(_dir));

        Assert.DoesNotContain("BEGIN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyOrMissingFolder_SaysHowToCreateAKey()
    {
        Assert.Contains("ops/rotate-key", Assert.Throws<SigningKeyException>(() => SigningKeyDirectory.Read(_dir)).Message, StringComparison.Ordinal);
        Assert.Contains("ops/rotate-key", Assert.Throws<SigningKeyException>(() => SigningKeyDirectory.Read(Path.Combine(_dir, "nope"))).Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
