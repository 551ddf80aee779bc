using System.Diagnostics.Metrics;

namespace JitTokens.Validation.Telemetry;

/// <summary>The library's meter (<see cref="JitTokensDefaults.MeterName"/>) and its rejection counter; tags are the fixed <see cref="JitRejectionReasons"/> only.</summary>
internal sealed class ValidationTelemetry
{
    private readonly Counter<long> _rejections;

    public ValidationTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(JitTokensDefaults.MeterName);
        _rejections = meter.CreateCounter<long>(
            JitTokensDefaults.RejectionsCounterName,
            unit: "{request}",
            description: "Requests refused because of their JitTokens access token (401, 403 or 503), by reason.");
    }

    public void Rejected(string reason)
        => _rejections.Add(1, new KeyValuePair<string, object?>(JitTokensDefaults.ReasonTagName, reason));
}
