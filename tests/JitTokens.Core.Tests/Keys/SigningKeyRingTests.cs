using JitTokens.Core.Keys;
using JitTokens.TestSupport.Clock;

namespace JitTokens.Core.Tests.Keys;

public sealed class SigningKeyRingTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(65);
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Load_OneKey_IsActiveAndPublished()
    {
        var ring = new SigningKeyRing(_time, Retention);
        var key = SigningKey.Generate(_time.GetUtcNow());

        ring.Load([key]);

        Assert.Same(key, ring.Active);
        Assert.Equal([key.Kid], ring.Current.Jwks.Keys.Select(k => k.Kid));
    }

    [Fact]
    public void Rotation_FutureKey_IsPublishedBeforeItSigns()
    {
        var ring = new SigningKeyRing(_time, Retention);
        var old = SigningKey.Generate(_time.GetUtcNow().AddDays(-1));
        var next = SigningKey.Generate(_time.GetUtcNow().AddMinutes(10));

        ring.Load([old, next]);

        Assert.Same(old, ring.Active);
        Assert.Equal(new[] { old.Kid, next.Kid }.Order(), ring.Current.Jwks.Keys.Select(k => k.Kid).Order());
    }

    [Fact]
    public void Rotation_AtActivation_NewKeySignsAndOldStaysPublishedUntilRetention()
    {
        var ring = new SigningKeyRing(_time, Retention);
        var old = SigningKey.Generate(_time.GetUtcNow().AddDays(-1));
        var next = SigningKey.Generate(_time.GetUtcNow().AddMinutes(10));
        ring.Load([old, next]);

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Same(next, ring.Active);
        Assert.Contains(old, ring.Current.Published);

        _time.Advance(Retention - TimeSpan.FromSeconds(1));
        Assert.Contains(old, ring.Current.Published);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(old, ring.Current.Published);
        Assert.Same(next, ring.Active);
    }

    [Fact]
    public void Reload_FileOfUsedKeyDeletedEarly_KeyStaysPublishedFromMemory()
    {
        var ring = new SigningKeyRing(_time, Retention);
        var old = SigningKey.Generate(_time.GetUtcNow().AddDays(-1));
        var next = SigningKey.Generate(_time.GetUtcNow());
        ring.Load([old, next]);

        var kept = ring.Load([next]);

        Assert.Equal([old], kept);
        Assert.Contains(old, ring.Current.Published);
        _time.Advance(Retention);
        ring.Load([next]);
        Assert.DoesNotContain(old, ring.Current.Published);
    }

    [Fact]
    public void Reload_RemovedFutureKey_IsForgotten()
    {
        var ring = new SigningKeyRing(_time, Retention);
        var current = SigningKey.Generate(_time.GetUtcNow());
        var planned = SigningKey.Generate(_time.GetUtcNow().AddHours(1));
        ring.Load([current, planned]);

        ring.Load([current]);

        Assert.Equal([current], ring.Current.Published);
    }

    [Fact]
    public void Reload_SameKeyReadAgain_KeepsTheLoadedInstance()
    {
        using var ecdsa = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var ring = new SigningKeyRing(_time, Retention);
        var first = SigningKey.FromECDsa(ecdsa, _time.GetUtcNow(), "a.pem");
        ring.Load([first]);

        ring.Load([SigningKey.FromECDsa(ecdsa, _time.GetUtcNow(), "a.pem")]);

        Assert.Same(first, ring.Active);
    }

    [Fact]
    public void Load_OnlyFutureKeys_Throws()
    {
        var ring = new SigningKeyRing(_time, Retention);

        Assert.Throws<InvalidOperationException>(() => ring.Load([SigningKey.Generate(_time.GetUtcNow().AddMinutes(1))]));
    }
}
