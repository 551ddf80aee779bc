namespace JitTokens.Abstractions.Wire;

/// <summary>
/// <c>POST /oauth/token</c> when the request needs a human's approval (DESIGN.md §3.10): 400 with
/// <c>authorization_pending</c> and what a CIBA-style client polls with.
/// </summary>
public sealed record OAuthPending
{
    /// <summary><c>authorization_pending</c>.</summary>
    public required string Error { get; init; }

    /// <summary>What is pending, for the developer.</summary>
    public string? ErrorDescription { get; init; }

    /// <summary>The escalation id.</summary>
    public required string EscalationId { get; init; }

    /// <summary>The same id, as CIBA names it: poll with <c>grant_type=urn:openid:params:grant-type:ciba</c> and this.</summary>
    public required string AuthReqId { get; init; }

    /// <summary>Seconds to wait between polls.</summary>
    public required int Interval { get; init; }

    /// <summary>Seconds until the escalation expires undecided.</summary>
    public required int ExpiresIn { get; init; }
}
