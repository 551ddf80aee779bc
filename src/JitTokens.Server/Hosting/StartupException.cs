namespace JitTokens.Server.Hosting;

/// <summary>The server is not configured well enough to start; the message says what to set.</summary>
internal sealed class StartupException(string message) : Exception(message);
