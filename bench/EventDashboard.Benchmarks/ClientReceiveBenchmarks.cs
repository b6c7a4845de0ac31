using System.Text.Json;
using BenchmarkDotNet.Attributes;
using EventDashboard.Client.Internal;
using EventDashboard.Core;
using EventDashboard.Protocol;

namespace EventDashboard.Benchmarks;

/// <summary>
/// The client's receive path without the network: one push (what the hub connection's handler does with a
/// <c>ValueChanged</c>) to a watcher parked in a Get, until the Get returns. The baseline is what a plain
/// <c>HubConnection</c> receiver does with the same snapshot in its handler. The value is the end-to-end benchmark's:
/// a sequence number and 4 KB of padding.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class ClientReceiveBenchmarks
{
    private const string Name = "bench";
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    private SubscriptionSet _subscriptions = null!;
    private Subscription _subscription = null!;
    private RemoteWatcher<Payload> _typed = null!;
    private RemoteWatcher<JsonElement> _element = null!;
    private JsonElement _value;
    private long _version;

    [GlobalSetup]
    public void Setup()
    {
        _value = JsonSerializer.SerializeToElement(new Payload(7, new string('x', 4096)), Json);
        _subscriptions = new SubscriptionSet();
        _typed = new RemoteWatcher<Payload>(_subscriptions, Name, Json);
        _element = new RemoteWatcher<JsonElement>(_subscriptions, Name, Json);
        _subscription = _subscriptions.Find(Name)!;
        _subscription.Apply(RemoteState.Of(Next()), epoch: 1);

        // Consume the first value, so that each benchmark's Get parks until its push.
        _typed.GetAsync().AsTask().GetAwaiter().GetResult();
        _element.GetAsync().AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _typed.Dispose();
        _element.Dispose();
        _subscriptions.Close();
    }

    [Benchmark(Baseline = true, Description = "plain handler reads seq")]
    public int PlainHandler() => Next().Value.GetProperty("seq").GetInt32();

    // The hub handler's path: the parked Get resumes inline, on the thread that applies the push.
    [Benchmark(Description = "push to a JsonElement watcher, read seq")]
    public async Task<int> PushToElementWatcher()
    {
        var get = _element.GetAsync();
        _subscription.ApplyPush(RemoteState.Of(Next()), epoch: 1);
        return (await get.ConfigureAwait(false)).GetProperty("seq").GetInt32();
    }

    // The path of every other delivery (an answer to a read or a write, a blocking query), and of hub pushes before
    // issue 11: the parked Get resumes on the thread pool.
    [Benchmark(Description = "push to a JsonElement watcher woken on the thread pool, read seq")]
    public async Task<int> PushToElementWatcherOnThreadPool()
    {
        var get = _element.GetAsync();
        _subscription.Apply(RemoteState.Of(Next()), epoch: 1);
        return (await get.ConfigureAwait(false)).GetProperty("seq").GetInt32();
    }

    [Benchmark(Description = "push to a Payload watcher")]
    public async Task<int> PushToTypedWatcher()
    {
        var get = _typed.GetAsync();
        _subscription.ApplyPush(RemoteState.Of(Next()), epoch: 1);
        return (await get.ConfigureAwait(false)).Seq;
    }

    private ValueSnapshot Next() => new(Name, ++_version, _value, DateTimeOffset.UnixEpoch, 1, "store");

    /// <summary>The end-to-end benchmark's value.</summary>
    /// <param name="Seq">The sequence number.</param>
    /// <param name="Pad">Filler.</param>
    public sealed record Payload(int Seq, string Pad);
}
