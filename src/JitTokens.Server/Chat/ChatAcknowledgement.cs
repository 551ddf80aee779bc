namespace JitTokens.Server.Chat;

/// <summary>The body of the 200 answer to an interaction: an ephemeral text for the clicker, leaving the message as it is.</summary>
internal sealed record ChatAcknowledgement(string Text, string ResponseType = "ephemeral", bool ReplaceOriginal = false);
