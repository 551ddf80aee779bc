namespace JitTokens.Validation.Authentication;

/// <summary>Carries a <see cref="JitRejection"/> through JwtBearer's authentication failure to the challenge that answers it.</summary>
internal sealed class JitRejectionException : Exception
{
    public JitRejectionException()
        : this(JitRejection.Invalid(JitRejectionReasons.InvalidToken, "the token is invalid"))
    {
    }

    public JitRejectionException(string message)
        : this(JitRejection.Invalid(JitRejectionReasons.InvalidToken, message))
    {
    }

    public JitRejectionException(string message, Exception innerException)
        : base(message, innerException)
        => Rejection = JitRejection.Invalid(JitRejectionReasons.InvalidToken, message);

    public JitRejectionException(JitRejection rejection)
        : base(rejection.Description)
        => Rejection = rejection;

    public JitRejection Rejection { get; }
}
