namespace JitTokens.Validation.Issuer;

/// <summary>The issuer answered something the library cannot use (status, content, configuration mismatch).</summary>
internal sealed class IssuerException : Exception
{
    public IssuerException()
    {
    }

    public IssuerException(string message)
        : base(message)
    {
    }

    public IssuerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
