namespace JitTokens.Abstractions.Wire;

/// <summary>Body of <c>POST /dev/login</c> (dev mode only, loopback only).</summary>
public sealed record DevLoginRequest
{
    /// <summary>The user name to log in as.</summary>
    public string? User { get; init; }

    /// <summary>The roles to hold (see <see cref="JitRoles"/>). Default: requester and approver.</summary>
    public IReadOnlyList<string>? Roles { get; init; }
}
