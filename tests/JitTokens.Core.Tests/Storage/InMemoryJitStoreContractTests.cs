using JitTokens.Core.Storage;
using JitTokens.TestSupport.Clock;
using JitTokens.TestSupport.Storage;

namespace JitTokens.Core.Tests.Storage;

/// <summary>The in-memory store against the shared store contract.</summary>
public sealed class InMemoryJitStoreContractTests : JitStoreContractTests
{
    internal override IJitStore CreateStore(ManualTimeProvider time) => new InMemoryJitStore(time);
}
