using JitTokens.Server.Tests.Infrastructure;

namespace JitTokens.Server.Tests.Limits;

/// <summary>PermitsPerSecond 0 turns a limit off (the benchmarks drive thousands of tokens a second from one session).</summary>
public sealed class RateLimitOffTests() : RateLimitTestBase(null, new Dictionary<string, string?> { ["JitTokens:RateLimits:PerSession:PermitsPerSecond"] = "0" })
{
    [Fact]
    public async Task SessionLimitOff_FarMoreThanABurst_AllIssued()
    {
        var (_, session) = await Api.StartAsync();

        for (var i = 0; i < 150; i++)
        {
            await Api.IssueAsync(session.SessionToken);
        }
    }
}
