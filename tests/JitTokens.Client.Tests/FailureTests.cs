using System.Net;
using System.Net.Sockets;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;
using JitTokens.Cli.Tests.Support;

namespace JitTokens.Client.Tests;

/// <summary>Network failures and timeouts are results (<c>unavailable</c>, status 0), never exceptions; caller cancellation still throws.</summary>
public sealed class FailureTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnyCall_NobodyListening_ReturnsUnavailableWithStatusZero()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}") };
        var client = new JitTokensClient(http);

        var result = await client.RequestTokenAsync("jits_" + new string('A', 43), new TokenRequest { Scope = "db:read" }, Cancel);

        Assert.False(result.IsSuccess);
        Assert.Equal(0, result.Status);
        Assert.Equal(ErrorCodes.Unavailable, result.Problem.Error);
        Assert.Equal(0, result.Problem.Status);
        Assert.StartsWith("cannot reach the issuer at " + client.Issuer, result.Problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("jits_", result.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCall_IssuerNeverAnswers_TimesOutAsUnavailable()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"), Timeout = TimeSpan.FromMilliseconds(300) };
        var client = new JitTokensClient(http);

        var result = await client.GetScopesAsync(Cancel);

        Assert.Equal((0, ErrorCodes.Unavailable), (result.Status, result.Problem!.Error));
        Assert.Contains("no answer within 0.3 seconds", result.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCall_CallerCancels_Throws()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}") };
        var client = new JitTokensClient(http);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetScopesAsync(cancellation.Token));
    }

    [Theory]
    [InlineData("jits_abc\ndef")]
    [InlineData("jits_abc def")]
    [InlineData("jits_abcdéf")]
    [InlineData("")]
    public async Task AnyCall_MalformedCredential_IsRefusedBeforeSendingAndNotEchoed(string credential)
    {
        var handler = Support.StubHandler.Answering(HttpStatusCode.OK, "{}");
        var client = handler.Client();

        var result = await client.GetCurrentSessionAsync(credential, Cancel);

        Assert.Equal((0, ErrorCodes.InvalidRequest), (result.Status, result.Problem!.Error));
        Assert.Empty(handler.Requests);
        if (credential.Length > 0)
        {
            Assert.DoesNotContain(credential, result.Problem.Detail!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Constructor_WithoutBaseAddress_Throws()
    {
        using var http = new HttpClient();

        Assert.Throws<ArgumentException>(() => new JitTokensClient(http));
    }
}
