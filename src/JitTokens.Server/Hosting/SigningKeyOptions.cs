namespace JitTokens.Server.Hosting;

/// <summary>The signing keys (configuration section <c>JitTokens:SigningKeys</c>).</summary>
internal sealed class SigningKeyOptions
{
    public const string SectionName = "JitTokens:SigningKeys";

    /// <summary>The key folder: one P-256 PEM per key, named <c>yyyyMMddTHHmmssZ.pem</c> by activation time. Required outside dev mode; dev mode generates a key.</summary>
    public string? Path { get; set; }

    /// <summary>How often the folder is read again to pick up rotated keys. Default 30 seconds.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Clock skew allowed on top of the longest token lifetime before a replaced key stops being published. Default 5 minutes.</summary>
    public TimeSpan RetirementSkew { get; set; } = TimeSpan.FromMinutes(5);
}
