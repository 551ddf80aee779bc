using JitTokens.Core.Catalog;

namespace JitTokens.Server.Chat;

/// <summary>
/// Chat approvers must be linked to the people they are (<see cref="ChatOptions.Users"/>): a bare
/// Slack id cannot be matched to a session's owner (self-approval) or to the same person's API
/// approval (double counting in M-of-N). Outside dev mode the server refuses to start with chat on
/// while an approver group names an unlinked <c>slack:</c> id; in dev mode it warns.
/// </summary>
internal static class ChatIdentityCheck
{
    public const string ChatIdPrefix = "slack:";

    /// <summary>Every <c>slack:U…</c> group member without a <c>Chat:Users</c> link, in ordinal order.</summary>
    public static IReadOnlyList<string> UnlinkedMembers(ScopeCatalog catalog, ChatOptions chat)
        => [.. catalog.ApproverGroups.Values
            .SelectMany(g => g.Members)
            .Where(m => m.StartsWith(ChatIdPrefix, StringComparison.Ordinal) && !chat.Users.ContainsKey(m[ChatIdPrefix.Length..]))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    public static string Describe(IReadOnlyList<string> unlinked)
        => $"approver groups name chat ids that are not linked to a user name: {string.Join(", ", unlinked)}. "
            + "Link each with JitTokens:Chat:Users:<Slack id>=<user name> (e.g. JitTokens__Chat__Users__U0DBA01=dana), so nobody approves their own "
            + "session's request from chat and nobody counts twice by approving through chat and the API";
}
