namespace JitTokens.Core.Audit;

/// <summary>The issuance log (configuration section <c>JitTokens:Audit</c>).</summary>
internal sealed class AuditOptions
{
    public const string SectionName = "JitTokens:Audit";

    /// <summary>The append-only NDJSON file. Default <c>data/audit.ndjson</c>, relative to the working directory.</summary>
    public string FilePath { get; set; } = Path.Combine("data", "audit.ndjson");

    /// <summary>How long a request waits for its event to be stored before failing with 503. Default 2 seconds.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
