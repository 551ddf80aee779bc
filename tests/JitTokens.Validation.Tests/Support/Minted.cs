namespace JitTokens.Validation.Tests.Support;

/// <summary>An access token the issuer minted, and its id (<c>jti</c>).</summary>
public sealed record Minted(string AccessToken, string TokenId);
