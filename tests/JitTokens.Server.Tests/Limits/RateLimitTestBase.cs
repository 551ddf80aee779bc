using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Limits;

/// <summary>
/// A server with small rate limits (per session 1/s, bursts of 3; per human 1/s, bursts of 4) on the manual clock,
/// so a test drains a bucket in a few calls and refills it by moving the clock, never by sleeping.
/// </summary>
public abstract class RateLimitTestBase : IDisposable
{
    public const int SessionBurst = 3;

    public const int HumanBurst = 4;

    protected RateLimitTestBase(RedisServerFixture? redis, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["JitTokens:RateLimits:PerSession:PermitsPerSecond"] = "1",
            ["JitTokens:RateLimits:PerSession:Burst"] = SessionBurst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["JitTokens:RateLimits:PerHuman:PermitsPerSecond"] = "1",
            ["JitTokens:RateLimits:PerHuman:Burst"] = HumanBurst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (redis is not null)
        {
            settings["JitTokens:Redis:Configuration"] = redis.Configuration;
            settings["JitTokens:Redis:KeyPrefix"] = RedisServerFixture.NewKeyPrefix();
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        Factory = new JitServerFactory(settings);
        Api = new Api(Factory.CreateClient());
    }

    internal JitServerFactory Factory { get; }

    internal Api Api { get; }

    public void Dispose()
    {
        Api.Http.Dispose();
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Asserts a 429 <c>rate_limited</c> problem whose <c>Retry-After</c> is <paramref name="seconds"/> and whose detail says so.</summary>
    internal static async Task AssertRateLimitedAsync(HttpResponseMessage response, int seconds = 1)
    {
        var problem = await Api.AssertProblemAsync(response, System.Net.HttpStatusCode.TooManyRequests, Abstractions.ErrorCodes.RateLimited);
        Assert.Equal(TimeSpan.FromSeconds(seconds), response.Headers.RetryAfter?.Delta);
        Assert.Contains($"retry in {seconds} s", problem.Detail, StringComparison.Ordinal);
    }
}
