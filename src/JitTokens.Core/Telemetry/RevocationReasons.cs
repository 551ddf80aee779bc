namespace JitTokens.Core.Telemetry;

/// <summary>Values of the <c>jittokens.reason</c> tag on <c>jittokens.revocations</c>.</summary>
internal static class RevocationReasons
{
    /// <summary>One token revoked by its session, its owner or an admin (DELETE /v1/tokens/{id}, /oauth/revoke).</summary>
    public const string TokenRevoked = "token_revoked";

    /// <summary>Revoked because its session ended (by a human, the agent, expiry of the heartbeat, or an admin).</summary>
    public const string SessionEnded = "session_ended";
}
