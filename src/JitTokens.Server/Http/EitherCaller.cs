using JitTokens.Core.Humans;
using JitTokens.Core.Sessions;
using JitTokens.Server.Humans;

namespace JitTokens.Server.Http;

/// <summary>
/// Endpoints that answer either the session concerned or a human (revoke a token, read an
/// escalation): a <c>jits_</c> bearer is resolved as a session, anything else as a human.
/// Exactly one of the session, the human or the refusal is set.
/// </summary>
internal static class EitherCaller
{
    public static async Task<(SessionRecord? Session, Human? Human, IResult? Refusal)> AuthenticateAsync(
        HttpContext context, SessionService sessions, HumanAuthenticator humans)
    {
        if (Bearer.IsSessionToken(context.Request))
        {
            var auth = await sessions.AuthenticateAsync(Bearer.From(context.Request), SessionLookup.Fresh, Callers.From(context), context.RequestAborted);
            return auth.IsSuccess ? (auth.Value!.Session, null, null) : (null, null, Problems.From(auth.Error!));
        }

        var human = await humans.AuthenticateAsync(context);
        return human.IsSuccess ? (null, human.Value, null) : (null, null, Problems.From(human.Error!));
    }
}
