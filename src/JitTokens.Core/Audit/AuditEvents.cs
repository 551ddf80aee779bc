using JitTokens.Abstractions.Wire;
using JitTokens.Core.Sessions;

namespace JitTokens.Core.Audit;

/// <summary>Builds events with their common members; call sites add what is specific with <c>with { … }</c>.</summary>
internal static class AuditEvents
{
    /// <summary>How agents appear as actors, so they can never be mistaken for a human of the same name.</summary>
    public static string AgentActor(string agent) => "agent:" + agent;

    public static AuditEvent Create(string type, DateTimeOffset time, string actor, CallerContext caller) => new()
    {
        Id = Ids.NewEventId(time),
        Time = time,
        Type = type,
        Actor = actor,
        ClientIp = caller.ClientIp,
        TraceId = caller.TraceId,
    };

    public static AuditEvent ForSession(string type, DateTimeOffset time, string actor, SessionRecord session, CallerContext caller)
        => Create(type, time, actor, caller) with { SessionId = session.Id, Owner = session.Owner, Agent = session.Agent };
}
