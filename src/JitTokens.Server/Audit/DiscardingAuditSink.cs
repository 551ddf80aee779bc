using JitTokens.Abstractions.Wire;
using JitTokens.Core.Audit;

namespace JitTokens.Server.Audit;

/// <summary>
/// Records nothing. Only for measuring what the log costs (<c>ops/bench/issue --audit off</c>): it is
/// accepted in dev mode alone, and the start-up banner says so in capitals.
/// </summary>
internal sealed class DiscardingAuditSink : IAuditSink
{
    public const string SettingKey = "JitTokens:Audit:DisabledForBenchmark";

    public Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CheckWritableAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
