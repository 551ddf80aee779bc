using JitTokens.Abstractions.Wire;

namespace JitTokens.Client;

/// <summary>Creates <see cref="JitResult{T}"/> values, for the client itself and for fakes in callers' tests.</summary>
public static class JitResult
{
    /// <summary>A successful answer: <paramref name="value"/> as the server sent it with HTTP <paramref name="status"/>.</summary>
    public static JitResult<T> Success<T>(T value, int status) => new(value, null, status);

    /// <summary>
    /// A refusal or failure. <paramref name="status"/> is the HTTP status, or 0 when no answer
    /// arrived (network failure or timeout, reported as <c>unavailable</c>).
    /// </summary>
    public static JitResult<T> Failure<T>(Problem problem, int status)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new(default, problem, status);
    }
}
