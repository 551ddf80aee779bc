namespace JitTokens.Validation.Tests.Support;

/// <summary>A session the test started: its id and its opaque session token (<c>jits_…</c>).</summary>
public sealed record Session(string Id, string Token);
