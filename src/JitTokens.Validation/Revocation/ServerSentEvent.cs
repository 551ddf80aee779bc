namespace JitTokens.Validation.Revocation;

/// <summary>One dispatched Server-Sent Event (WHATWG HTML §9.2.6): its id, type and data.</summary>
internal sealed record ServerSentEvent(string? Id, string Type, string Data);
