using System.Net;
using System.Runtime.ExceptionServices;
using JitTokens.Server.Tests.Infrastructure;
using JitTokens.TestSupport.Redis;

namespace JitTokens.Server.Tests.Tokens;

/// <summary>
/// Issuing a token throws nothing, not even an exception caught inside the framework: a thrown exception costs
/// tens of microseconds, more than signing the token. (The authentication middleware once ran the human JWT
/// scheme on every request and threw SecurityTokenMalformedException on each session token.) Exceptions are
/// watched only on this test's own execution context, which the test server carries into the request.
/// </summary>
public abstract class HotPathExceptionTests(RedisServerFixture? redis) : ServerTestBase(redis)
{
    private static readonly AsyncLocal<bool> Watched = new();

    public sealed class InMemory() : HotPathExceptionTests(null);

    public sealed class OnRedis(RedisServerFixture redis) : HotPathExceptionTests(redis);

    [Fact]
    public async Task IssuingTokens_ThrowsNoException()
    {
        Factory.Server.PreserveExecutionContext = true; // read when a client is made
        using var http = Factory.CreateClient();
        var api = new Api(http);
        var (_, session) = await api.StartAsync();
        await api.IssueAsync(session.SessionToken); // first use: lazy connections, caches, JIT

        var thrown = new List<string>();
        void Record(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (Watched.Value)
            {
                lock (thrown)
                {
                    thrown.Add(e.Exception.GetType().Name + ": " + e.Exception.Message);
                }
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Record;
        try
        {
            Watched.Value = true;
            for (var i = 0; i < 20; i++)
            {
                using var response = await api.RequestTokenAsync(session.SessionToken, Api.TokenBody("db:read", "staging"));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }
        }
        finally
        {
            Watched.Value = false;
            AppDomain.CurrentDomain.FirstChanceException -= Record;
        }

        lock (thrown)
        {
            Assert.Empty(thrown);
        }
    }
}
