namespace JitTokens.Core.Errors;

/// <summary>The store could not be reached or did not answer in time. Endpoints answer 503 <c>unavailable</c>.</summary>
internal sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
