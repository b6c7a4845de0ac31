using EventDashboard.Client;
using EventDashboard.Protocol;

namespace EventDashboard.Benchmarks.EndToEnd;

/// <summary>EventDashboard clients, one watcher each on the benchmark value: what a user of the client writes.</summary>
internal sealed class EventDashboardFleet : Fleet
{
    private readonly List<EventDashboardClient> _clients = [];
    private readonly List<Task> _readers = [];
    private readonly CancellationTokenSource _stop = new();

    public override async Task ConnectAsync(Uri server, int count, LatencyRecorder recorder)
    {
        var ready = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            var client = new EventDashboardClient(server);
            _clients.Add(client);
            var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            ready.Add(first.Task);
            _readers.Add(ReadAsync(client, i, recorder, first));
        }

        await Task.WhenAll(ready).WaitAsync(TimeSpan.FromMinutes(2));
    }

    public override async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_readers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(_clients.Select(c => c.DisposeAsync().AsTask()));
        _stop.Dispose();
    }

    private async Task ReadAsync(EventDashboardClient client, int receiver, LatencyRecorder recorder, TaskCompletionSource first)
    {
        using var watcher = client.Value<Payload>(Program.ValueName).Watch();
        while (!_stop.IsCancellationRequested)
        {
            var payload = await watcher.GetAsync(_stop.Token);
            recorder.Received(receiver, payload.Seq);
            first.TrySetResult();
        }
    }
}
