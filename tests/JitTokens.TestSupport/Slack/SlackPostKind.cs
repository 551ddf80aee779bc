namespace JitTokens.TestSupport.Slack;

/// <summary>Where a POST to <see cref="SlackReceiver"/> went.</summary>
public enum SlackPostKind
{
    /// <summary>The incoming webhook (<see cref="SlackReceiver.WebhookUrl"/>): a new message in the channel.</summary>
    Webhook,

    /// <summary>A <c>response_url</c> handed out by <see cref="SlackReceiver.NewResponseUrl"/>: a reply to a click.</summary>
    Response,

    /// <summary>Any other path; answered 404 like an unknown Slack hook.</summary>
    Unknown,
}
