namespace JitTokens.Core.Errors;

/// <summary>An audit event could not be stored in time. Fail closed: the request is answered 503 and nothing is issued.</summary>
internal sealed class AuditUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
