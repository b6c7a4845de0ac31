using EventDashboard.Web.Storage.Internal;

namespace EventDashboard.Tests.Unit.Web.Storage;

public sealed class MemoryValueStoreTests : StoreConformanceTests
{
    private MemoryValueStore? _store;

    // One store for the test: a registry opened on it again is a server restart that kept the process's memory.
    private protected override IValueStore OpenStore(int historyLimit) => _store ??= new MemoryValueStore(historyLimit);
}
