using System.Net;
using JitTokens.Abstractions;
using JitTokens.Server.Tests.Infrastructure;

namespace JitTokens.Server.Tests.Humans;

public sealed class DevLoginTests : ServerTestBase
{
    [Fact]
    public async Task Login_DefaultRoles_AreRequesterAndApprover()
    {
        var token = await Api.LoginAsync("alice");

        var roles = Jwt.Payload(token).GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray();
        Assert.Equal([JitRoles.Approver, JitRoles.Requester], roles);
        Assert.Equal("JWT", Jwt.Header(token).GetProperty("typ").GetString());
    }

    [Fact]
    public async Task Login_HumanTokenIsNotSignedWithAnIssuerKey()
    {
        var token = await Api.LoginAsync("alice");

        var jwks = await Api.Http.GetStringAsync("/.well-known/jwks.json");
        Assert.DoesNotContain(Jwt.Header(token).GetProperty("kid").GetString()!, jwks, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"user":"alice","roles":["jit.superuser"]}""")]
    [InlineData("""{"user":"","roles":[]}""")]
    [InlineData("""{"user":"al ice"}""")]
    [InlineData("""{"roles":["jit.admin"]}""")]
    [InlineData("""{"user":"alice","password":"x"}""")]
    [InlineData("""{"user":"slack:U0DBA01"}""")]
    [InlineData("""{"user":"agent:cursor-42"}""")]
    [InlineData("""{"user":"anonymous"}""")]
    public async Task Login_BadInput_Returns400(string body)
    {
        using var response = await Api.PostJsonAsync("/dev/login", body, null);

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Login_FromNonLoopback_Returns403()
    {
        using var factory = new JitServerFactory(remoteAddress: IPAddress.Parse("10.1.2.3"));
        using var client = factory.CreateClient();

        using var response = await new Api(client).PostJsonAsync("/dev/login", """{"user":"alice"}""", null);

        await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.AccessDenied);
    }
}
