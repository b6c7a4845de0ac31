using System.Reactive.Subjects;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using EventDashboard.Core;

namespace EventDashboard.Benchmarks;

/// <summary>
/// Bytes one idle watcher costs: the allocations of creating it. Each operation creates
/// <see cref="Count"/> watchers and keeps them, so "Allocated" divided by the count is the size of one.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class WatcherMemoryBenchmarks
{
    private const int Count = 1_000;
    private static readonly BoundedChannelOptions NewestOnly = new(1) { FullMode = BoundedChannelFullMode.DropOldest };
    private readonly object[] _kept = new object[Count];
    private MemoryValue<int> _memory = null!;
    private BehaviorSubject<int> _subject = null!;

    [GlobalSetup]
    public void Setup()
    {
        _memory = new MemoryValue<int>();
        _memory.Set(1);
        _subject = new BehaviorSubject<int>(1);
    }

    [GlobalCleanup]
    public void Cleanup() => _subject.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Count, Description = "MemoryValue.Watch")]
    public void MemoryValueWatch()
    {
        for (var i = 0; i < Count; i++)
        {
            var watcher = _memory.Watch();
            _kept[i] = watcher;
            watcher.Dispose();
        }
    }

    // What a watcher costs once a Get of it has parked: the watcher and the waiter that its first parked Get makes
    // and its later ones reuse. The Set that ends each Get allocates nothing (Set_NoWaitingWatchers_AllocatesNothing).
    [Benchmark(OperationsPerInvoke = Count, Description = "MemoryValue.Watch, then one parked Get")]
    public void MemoryValueWatchAndPark()
    {
        for (var i = 0; i < Count; i++)
        {
            var watcher = _memory.Watch();
            _ = watcher.GetAsync().GetAwaiter().GetResult();
            var parked = watcher.GetAsync();
            _memory.Set(i);
            _ = parked.GetAwaiter().GetResult();
            _kept[i] = watcher;
            watcher.Dispose();
        }
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "BehaviorSubject.Subscribe")]
    public void BehaviorSubjectSubscribe()
    {
        for (var i = 0; i < Count; i++)
        {
            var subscription = _subject.Subscribe(static _ => { });
            _kept[i] = subscription;
            subscription.Dispose();
        }
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "Channel per watcher")]
    public void ChannelPerWatcher()
    {
        for (var i = 0; i < Count; i++)
        {
            _kept[i] = Channel.CreateBounded<int>(NewestOnly);
        }
    }
}
