using EventDashboard.Core;

namespace EventDashboard.Tests.Unit.Core;

public sealed class MemoryValueConformanceTests : ValueConformanceTests<MemoryValue<int>>
{
    protected override Task<MemoryValue<int>> CreateValueAsync() => Task.FromResult(new MemoryValue<int>());
}
