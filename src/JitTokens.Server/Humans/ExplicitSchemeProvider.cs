using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Humans;

/// <summary>
/// The server's authentication schemes with no default for authenticating: every endpoint authenticates its caller
/// itself (a session token, or a human through <see cref="HumanAuthenticator"/>). As the only scheme registered, the
/// human JWT scheme would otherwise be the default, and the authentication middleware that WebApplication adds would
/// run it on every request: on the issuance path it parsed each session token as a JWT (and threw, and caught,
/// SecurityTokenMalformedException per token) and allocated a handler per request for nothing. Only the authenticate
/// default is removed: nothing in the server challenges, forbids or signs in without naming a scheme.
/// </summary>
internal sealed class ExplicitSchemeProvider(IOptions<AuthenticationOptions> options) : AuthenticationSchemeProvider(options)
{
    public override Task<AuthenticationScheme?> GetDefaultAuthenticateSchemeAsync() => Task.FromResult<AuthenticationScheme?>(null);
}
