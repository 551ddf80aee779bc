using System.Security.Cryptography;
using System.Text;
using JitTokens.Core.Sessions;

namespace JitTokens.Core.Tests.Policy;

public sealed class SessionTokenTests
{
    [Fact]
    public void Create_Has256RandomBitsAndStoresOnlyTheSha256()
    {
        var (token, hash) = SessionToken.Create();

        Assert.Matches("^jits_[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(5)).Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token))), hash);
        Assert.DoesNotContain(token[5..], hash, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ManyTokens_AreDistinct()
    {
        var tokens = Enumerable.Range(0, 10_000).Select(_ => SessionToken.Create().Token).ToHashSet();

        Assert.Equal(10_000, tokens.Count);
    }

    [Theory]
    [InlineData("jits_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", true)]
    [InlineData("jits_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false)]
    [InlineData("jits_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false)]
    [InlineData("jitx_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false)]
    [InlineData("jits_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", false)]
    [InlineData("jits_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", false)]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.e30.sig", false)]
    [InlineData("", false)]
    public void IsWellFormed_ChecksShapeOnly(string candidate, bool expected)
        => Assert.Equal(expected, SessionToken.IsWellFormed(candidate));
}
