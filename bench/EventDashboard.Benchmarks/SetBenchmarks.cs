using System.Reactive.Subjects;
using BenchmarkDotNet.Attributes;
using EventDashboard.Core;

namespace EventDashboard.Benchmarks;

/// <summary>The cost of one Set while watchers exist but none is waiting in a Get.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class SetBenchmarks
{
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<IWatcher<int>> _watchers = [];
    private MemoryValue<int> _memory = null!;
    private BehaviorSubject<int> _subject = null!;
    private ChannelFanout<int> _channels = null!;
    private int _next;

    [Params(1, 100, 10_000)]
    public int IdleWatchers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _memory = new MemoryValue<int>();
        _subject = new BehaviorSubject<int>(0);
        _channels = new ChannelFanout<int>();
        for (var i = 0; i < IdleWatchers; i++)
        {
            _watchers.Add(_memory.Watch());
            _subscriptions.Add(_subject.Subscribe(static _ => { }));
            _channels.Watch();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _watchers.ForEach(w => w.Dispose());
        _subscriptions.ForEach(s => s.Dispose());
        _subject.Dispose();
    }

    [Benchmark(Baseline = true, Description = "MemoryValue.Set")]
    public void MemoryValueSet() => _memory.Set(++_next);

    [Benchmark(Description = "BehaviorSubject.OnNext")]
    public void BehaviorSubjectOnNext() => _subject.OnNext(++_next);

    [Benchmark(Description = "Channel per watcher")]
    public void ChannelPerWatcher() => _channels.Set(++_next);
}
