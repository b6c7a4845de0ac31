namespace EventDashboard.Tests.Unit.Client;

/// <summary>Tests that measure the process's heap, which parallel tests would disturb: they run alone.</summary>
[CollectionDefinition(nameof(MemoryMeasuring), DisableParallelization = true)]
public sealed class MemoryMeasuring;
