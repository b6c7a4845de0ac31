using System.Text.Json;
using EventDashboard.Benchmarks.Storage;

namespace EventDashboard.Benchmarks.Soak;

/// <summary>
/// One Server-Sent Events stream of one value (<c>GET /api/values/{name}/events</c>), resuming with
/// <c>Last-Event-ID</c> when the server goes away, as a browser's EventSource does (<see cref="SseWatcher"/>),
/// counting each delivery and each broken stream.
/// </summary>
internal sealed class StreamWatcher : IAsyncDisposable
{
    private readonly SoakCounters _counters;
    private readonly SseWatcher _stream;
    private long _version;

    public StreamWatcher(HttpClient http, string name, SoakCounters counters)
    {
        Name = name;
        _counters = counters;
        _stream = new SseWatcher(http, name, Delivered, () => Interlocked.Increment(ref _counters.WatcherErrors));
    }

    public long Version => Interlocked.Read(ref _version);

    public string Name { get; }

    public void Start() => _stream.Start();

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    private void Delivered(JsonElement data, long at)
    {
        var version = data.GetProperty("version").GetInt64();
        var previous = Interlocked.Read(ref _version);
        var sent = data.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Object ? value.GetProperty("t").GetInt64() : 0;
        _counters.Delivered(previous, version, sent);
        Interlocked.Exchange(ref _version, Math.Max(previous, version));
    }
}
