using System.Text.Json.Nodes;
using JitTokens.Validation.Authentication;
using JitTokens.Validation.Tests.Support;

namespace JitTokens.Validation.Tests.Unit;

/// <summary>The JOSE header read before validation.</summary>
public sealed class TokenHeaderTests
{
    [Fact]
    public void CompactJws_HeaderIsRead()
    {
        var token = TokenForge.SignNone(TokenForge.Header("k1"), new JsonObject()) + "c2ln";

        Assert.True(TokenHeader.TryRead(token, out var header));
        Assert.Equal(new TokenHeader("ES256", "at+jwt", "k1"), header);
    }

    [Theory]
    [InlineData("")]
    [InlineData("jits_abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d.e")]
    [InlineData("!!!.e30.sig")]
    [InlineData("WzFd.e30.sig")]
    [InlineData(".e30.sig")]
    public void NotACompactJwsWithAnObjectHeader_IsNotRead(string token)
        => Assert.False(TokenHeader.TryRead(token, out _));
}
