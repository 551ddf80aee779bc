namespace JitTokens.Core.Catalog;

/// <summary>An environment of the catalog: tokens for it carry <paramref name="Audience"/> as <c>aud</c>.</summary>
internal sealed record EnvironmentDefinition(string Name, string Audience);
