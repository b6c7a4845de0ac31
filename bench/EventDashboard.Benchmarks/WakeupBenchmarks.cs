using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using EventDashboard.Core;

namespace EventDashboard.Benchmarks;

/// <summary>
/// One round: every watcher starts a Get (and parks), one Set happens, and every watcher is resumed with it.
/// The time is per round, for all watchers together.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class WakeupBenchmarks
{
    private MemoryValue<int> _memory = null!;
    private IWatcher<int>[] _watchers = null!;
    private ValueTask<int>[] _pendingGets = null!;
    private ChannelFanout<int> _channels = null!;
    private ChannelReader<int>[] _readers = null!;
    private int _next;

    [Params(1, 1_000)]
    public int Watchers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _memory = new MemoryValue<int>();
        _memory.Set(0);
        _watchers = Enumerable.Range(0, Watchers).Select(_ => _memory.Watch()).ToArray();
        foreach (var watcher in _watchers)
        {
            // Consume the initial value so the next Get parks.
            watcher.GetAsync().AsTask().GetAwaiter().GetResult();
        }

        _pendingGets = new ValueTask<int>[Watchers];
        _channels = new ChannelFanout<int>();
        _readers = Enumerable.Range(0, Watchers).Select(_ => _channels.Watch()).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }
    }

    [Benchmark(Baseline = true, Description = "MemoryValue: Get, Set, resume")]
    public async Task MemoryValueRound()
    {
        for (var i = 0; i < _watchers.Length; i++)
        {
            _pendingGets[i] = _watchers[i].GetAsync();
        }

        _memory.Set(++_next);
        for (var i = 0; i < _pendingGets.Length; i++)
        {
            await _pendingGets[i];
        }
    }

    [Benchmark(Description = "Channel per watcher: Read, write all, resume")]
    public async Task ChannelRound()
    {
        for (var i = 0; i < _readers.Length; i++)
        {
            _pendingGets[i] = _readers[i].ReadAsync();
        }

        _channels.Set(++_next);
        for (var i = 0; i < _pendingGets.Length; i++)
        {
            await _pendingGets[i];
        }
    }
}
