using System.Diagnostics.CodeAnalysis;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Client;

/// <summary>
/// The outcome of one call to the issuer: either a <see cref="Value"/> or a <see cref="Problem"/>,
/// never an exception for an expected outcome (denied, pending, expired, unreachable).
/// Create with <see cref="JitResult.Success{T}"/> or <see cref="JitResult.Failure{T}"/>.
/// </summary>
/// <typeparam name="T">The wire record of a successful answer.</typeparam>
public sealed record JitResult<T>
{
    internal JitResult(T? value, Problem? problem, int status)
    {
        Value = value;
        Problem = problem;
        Status = status;
    }

    /// <summary>The answer when <see cref="IsSuccess"/>; otherwise <see langword="default"/>.</summary>
    public T? Value { get; }

    /// <summary>
    /// The server's RFC 9457 problem when the call failed; its <see cref="Abstractions.Wire.Problem.Error"/>
    /// holds a code of <see cref="Abstractions.ErrorCodes"/>. Network failures and timeouts are
    /// synthesised as <c>unavailable</c> with status 0.
    /// </summary>
    public Problem? Problem { get; }

    /// <summary>The HTTP status code of the answer; 0 when no answer arrived.</summary>
    public int Status { get; }

    /// <summary>True when the server answered with the expected success status.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsSuccess => Problem is null;

    /// <summary>Status and error code only: a value may hold a credential, so it is never printed.</summary>
    public override string ToString()
        => IsSuccess
            ? $"JitResult {{ Status = {Status}, IsSuccess = True }}"
            : $"JitResult {{ Status = {Status}, IsSuccess = False, Error = {Problem.Error} }}";
}
