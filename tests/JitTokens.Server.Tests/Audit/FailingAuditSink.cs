using JitTokens.Abstractions.Wire;
using JitTokens.Core.Audit;
using JitTokens.Core.Errors;

namespace JitTokens.Server.Tests.Audit;

/// <summary>An audit sink that refuses events of one type, as a full disk or an unreachable log would, and remembers them.</summary>
internal sealed class FailingAuditSink(string failingType) : IAuditSink
{
    public List<AuditEvent> Refused { get; } = [];

    public List<AuditEvent> Accepted { get; } = [];

    public Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        lock (Refused)
        {
            if (auditEvent.Type == failingType)
            {
                Refused.Add(auditEvent);
                throw new AuditUnavailableException("test: the log refuses " + failingType);
            }

            Accepted.Add(auditEvent);
        }

        return Task.CompletedTask;
    }

    public Task CheckWritableAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
