using System.Collections.Immutable;
using JitTokens.Core.Humans;

namespace JitTokens.Core.Escalations;

/// <summary>
/// A person deciding an escalation. <paramref name="Name"/> is who is recorded (distinct approvals
/// are counted by it); <paramref name="Identities"/> are every name the person is known by (their
/// user name, their chat id), any of which may appear in an approver group or be the session's owner.
/// </summary>
internal sealed record Approver(string Name, ImmutableArray<string> Identities)
{
    public static Approver From(Human human, IEnumerable<string> chatIds) => new(human.Name, [human.Name, .. chatIds]);

    /// <summary>A chat user: recorded as the user name it is linked to, if any, otherwise as its chat id.</summary>
    public static Approver FromChat(string chatId, string? linkedUserName)
        => linkedUserName is null ? new(chatId, [chatId]) : new(linkedUserName, [linkedUserName, chatId]);

    public bool IsAnyOf(IEnumerable<string> names) => names.Any(Identities.Contains);
}
