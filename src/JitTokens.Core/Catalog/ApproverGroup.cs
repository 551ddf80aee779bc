using System.Collections.Immutable;

namespace JitTokens.Core.Catalog;

/// <summary>A named group of approvers: human user names and chat ids (<c>slack:U…</c>).</summary>
internal sealed record ApproverGroup(string Name, ImmutableArray<string> Members);
