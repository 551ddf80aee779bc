namespace JitTokens.Core.Errors;

/// <summary>A value or an expected refusal (STYLE.md 9: results, not exceptions).</summary>
internal readonly record struct Result<T>(T? Value, JitError? Error)
{
    public bool IsSuccess => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(JitError error) => new(default, error);
}
