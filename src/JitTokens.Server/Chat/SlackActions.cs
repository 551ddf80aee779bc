namespace JitTokens.Server.Chat;

/// <summary>The <c>action_id</c>s of the buttons (DESIGN.md §3.4).</summary>
internal static class SlackActions
{
    public const string BlockId = "jit_escalation";
    public const string Approve = "jit_approve";
    public const string Deny = "jit_deny";
}
