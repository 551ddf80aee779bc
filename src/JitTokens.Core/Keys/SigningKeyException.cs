namespace JitTokens.Core.Keys;

/// <summary>The signing keys are misconfigured; the server refuses to start (or, on reload, keeps its current keys).</summary>
internal sealed class SigningKeyException(string message) : Exception(message);
